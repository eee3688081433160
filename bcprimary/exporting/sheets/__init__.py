"""One module per sheet of the plan workbook (DESIGN §7); `exporting.workbook` orders them."""
