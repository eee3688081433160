; Per-user installer for the one-folder build (Inno Setup 6): no administrator rights needed.
;   1. python packaging\build.py            (makes packaging\dist\BCPrimaryPlanner)
;   2. iscc packaging\installer.iss        (makes packaging\dist\BCPrimaryPlanner-setup.exe)
; Installs into %LOCALAPPDATA%\Programs\BC Primary Care Planner with Start-menu shortcuts and
; an uninstaller for this user only. Silent install for central deployment (Intune, user
; context): BCPrimaryPlanner-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; The user's database and settings are not touched by uninstalling.

#define AppName "BC Primary Care Planner"
#define AppVersion GetVersionNumbersString("dist\BCPrimaryPlanner\BCPrimaryPlanner.exe")

[Setup]
AppId={{6F0C5E0B-4D38-4B7A-9E55-0B1C2A7D4E31}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=BC Primary Care
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=dist
OutputBaseFilename=BCPrimaryPlanner-setup
SetupIconFile=icon.ico
UninstallDisplayIcon={app}\BCPrimaryPlanner.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern

[Files]
Source: "dist\BCPrimaryPlanner\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\BCPrimaryPlanner.exe"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\BCPrimaryPlanner.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\BCPrimaryPlanner.exe"; Description: "Open {#AppName}"; Flags: nowait postinstall skipifsilent
