; Inno Setup script for jjdesk (Inno Setup 6). Packs the PyInstaller onedir into one setup.exe.
;
;   pyinstaller --noconfirm installer.spec
;   iscc /DAppVersion=0.1.0 build\windows\jjdesk.iss      -> dist\jjdesk-0.1.0-setup.exe
;
; Installs per user by default (no administrator rights: merchants often have none), adds a
; Start-menu entry, optionally starts jjdesk at login (the same Run value the GUI's setting
; switches), and asks on uninstall whether to remove the merchant's data as well.
; Silent uninstall keeps the data unless run with /REMOVEDATA=1.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "jjdesk"
#define AppExe "jjdesk.exe"
#define Root "..\.."

[Setup]
AppId={{6F1C2B7E-4D0A-4E55-9C1B-2A7D3E8F5B10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=jjdesk
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#Root}\jjdesk\resources\icons\jjdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "german"; MessagesFile: "compiler:Languages\German.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
german.Autostart=jjdesk bei der Anmeldung starten
english.Autostart=Start jjdesk at login
german.RemoveData=Auch Ihre jjdesk-Daten entfernen (Einstellungen, Verlauf, Protokolle)?%n%nMit „Nein“ bleiben sie für eine spätere Installation erhalten. Zugangsdaten im Windows-Anmeldeinformationsspeicher werden nicht angetastet.
english.RemoveData=Also remove your jjdesk data (settings, history, logs)?%n%nChoose "No" to keep them for a later installation. Credentials in the Windows Credential Manager are left alone.

[Tasks]
Name: "autostart"; Description: "{cm:Autostart}"; Flags: unchecked
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\jjdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The value jjdesk.autostart reads and writes, so the GUI's checkbox shows the installer's choice.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"""; Tasks: autostart; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "{sys}\taskkill.exe"; Parameters: "/F /IM {#AppExe}"; Flags: runhidden; RunOnceId: "StopJjdesk"

[Code]
function RemoveDataWanted(): Boolean;
begin
  if UninstallSilent then
    Result := ExpandConstant('{param:REMOVEDATA|0}') = '1'
  else
    Result := MsgBox(CustomMessage('RemoveData'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
  begin
    { The GUI may have switched autostart on after installation: never leave it pointing nowhere. }
    RegDeleteValue(HKEY_CURRENT_USER, 'Software\Microsoft\Windows\CurrentVersion\Run', '{#AppName}');
    { platformdirs.user_data_dir("jjdesk", appauthor=False): database, logs, backups. }
    if RemoveDataWanted() then
      DelTree(ExpandConstant('{localappdata}\{#AppName}'), True, True, True);
  end;
end;
