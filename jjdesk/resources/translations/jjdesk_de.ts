<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChoiceListEditor</name>
    <message>
        <source>Load from the shop</source>
        <translation>Aus dem Shop laden</translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <source>{label} (optional)</source>
        <translation>{label} (optional)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>••• saved</source>
        <translation>••• gespeichert</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
</context>
<context>
    <name>ConnectionsTab</name>
    <message>
        <source>Passwords and keys are kept in your system&apos;s keyring, never in files.</source>
        <translation>Passwörter und Schlüssel liegen im Schlüsselbund Ihres Systems, nie in Dateien.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Connected: {detail}</source>
        <translation>Verbunden: {detail}</translation>
    </message>
    <message>
        <source>Failed: {error}</source>
        <translation>Fehlgeschlagen: {error}</translation>
    </message>
</context>
<context>
    <name>ErrorsModel</name>
    <message>
        <source>Time</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <source>Integration</source>
        <translation>Integration</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Was zu tun ist</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>Attempt {n}</source>
        <translation>{n}. Versuch</translation>
    </message>
</context>
<context>
    <name>ErrorsTab</name>
    <message>
        <source>Export CSV…</source>
        <translation>Als CSV exportieren…</translation>
    </message>
    <message>
        <source>Day:</source>
        <translation>Tag:</translation>
    </message>
    <message>
        <source>Action needed</source>
        <translation>Handlungsbedarf</translation>
    </message>
    <message>
        <source>Errors on {day}</source>
        <translation>Fehler am {day}</translation>
    </message>
    <message>
        <source>No errors on this day.</source>
        <translation>Keine Fehler an diesem Tag.</translation>
    </message>
    <message>
        <source>{n} errors</source>
        <translation>{n} Fehler</translation>
    </message>
    <message>
        <source>Export errors</source>
        <translation>Fehler exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Gespeichert unter {path}</translation>
    </message>
    <message>
        <source>Could not save the file: {error}</source>
        <translation>Die Datei konnte nicht gespeichert werden: {error}</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>{s} s</source>
        <translation>{s} s</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} min {s} s</translation>
    </message>
</context>
<context>
    <name>HeldDeletionBanner</name>
    <message>
        <source>Confirm deletion</source>
        <translation>Löschen bestätigen</translation>
    </message>
    <message>
        <source>{integration}: deletion of {count} products confirmed. The next deletion check removes them.</source>
        <translation>{integration}: Löschen von {count} Produkten bestätigt. Die nächste Löschprüfung entfernt sie.</translation>
    </message>
    <message>
        <source>{integration}: {count} of {known} products are missing in the source and would be removed, more than you allow without confirmation. Check them there (product IDs {keys}); if that is meant so, confirm the deletion.</source>
        <translation>{integration}: {count} von {known} Produkten fehlen in der Quelle und würden entfernt – mehr, als Sie ohne Bestätigung erlauben. Prüfen Sie sie dort (Produkt-IDs {keys}); wenn das so gewollt ist, bestätigen Sie das Löschen.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Not run yet</source>
        <translation>Noch nicht gelaufen</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Action needed</source>
        <translation>Handlungsbedarf</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Übertragen</translation>
    </message>
    <message>
        <source>Create once, then stock only</source>
        <translation>Einmal anlegen, danach nur Bestand</translation>
    </message>
    <message>
        <source>Transfer as inactive/draft</source>
        <translation>Inaktiv/als Entwurf übertragen</translation>
    </message>
    <message>
        <source>Remove from channel</source>
        <translation>Aus dem Kanal entfernen</translation>
    </message>
    <message>
        <source>Skip (leave untouched)</source>
        <translation>Überspringen (unverändert lassen)</translation>
    </message>
    <message>
        <source>Update stock</source>
        <translation>Bestand aktualisieren</translation>
    </message>
    <message>
        <source>Do not update stock</source>
        <translation>Bestand nicht aktualisieren</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
</context>
<context>
    <name>LevelEditor</name>
    <message>
        <source>From level</source>
        <translation>Von Level</translation>
    </message>
    <message>
        <source>To level</source>
        <translation>Bis Level</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <source>Add range</source>
        <translation>Bereich hinzufügen</translation>
    </message>
    <message>
        <source>Remove range</source>
        <translation>Bereich entfernen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>Auf Standard zurücksetzen</translation>
    </message>
    <message>
        <source>The Afterbuy level of a product decides what happens to it in this channel. Every level from 0 to 15 must be in exactly one range; a product without a level counts as level 0.</source>
        <translation>Das Afterbuy-Level eines Produkts entscheidet, was in diesem Kanal mit ihm geschieht. Jedes Level von 0 bis 15 muss in genau einem Bereich liegen; ein Produkt ohne Level zählt als Level 0.</translation>
    </message>
    <message>
        <source>The range {low}–{high} ends before it starts.</source>
        <translation>Der Bereich {low}–{high} endet, bevor er beginnt.</translation>
    </message>
    <message>
        <source>Level {level} is in no range. Not saved.</source>
        <translation>Level {level} liegt in keinem Bereich. Nicht gespeichert.</translation>
    </message>
    <message>
        <source>Level {level} is in more than one range. Not saved.</source>
        <translation>Level {level} liegt in mehr als einem Bereich. Nicht gespeichert.</translation>
    </message>
</context>
<context>
    <name>LevelsTab</name>
    <message>
        <source>Switch an integration on in Settings to edit its levels.</source>
        <translation>Schalten Sie unter „Einstellungen“ eine Integration ein, um ihre Level zu bearbeiten.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Could not save: {error}</source>
        <translation>Speichern fehlgeschlagen: {error}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>jjdesk – Demo</source>
        <translation>jjdesk – Demo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Level rules</source>
        <translation>Level-Regeln</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Demo: simulated shops and Afterbuy, throw-away data. Nothing is sent out.</source>
        <translation>Demo: simulierte Shops und simuliertes Afterbuy, Wegwerfdaten. Es wird nichts nach außen gesendet.</translation>
    </message>
    <message>
        <source>Close jjdesk</source>
        <translation>jjdesk schließen</translation>
    </message>
    <message>
        <source>Keep synchronising in the background?</source>
        <translation>Im Hintergrund weiter synchronisieren?</translation>
    </message>
    <message>
        <source>Your system shows no tray icon. If jjdesk keeps running, start it again to bring this window back.</source>
        <translation>Ihr System zeigt kein Symbol im Infobereich. Wenn jjdesk weiterläuft, starten Sie es erneut, um dieses Fenster zurückzuholen.</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>The run failed.</source>
        <translation>Der Lauf ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>Synchronisierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Action needed</source>
        <translation>Handlungsbedarf</translation>
    </message>
    <message>
        <source>Order {name} needs your attention</source>
        <translation>Bestellung {name} braucht Ihre Aufmerksamkeit</translation>
    </message>
    <message>
        <source>1 order needs your attention</source>
        <translation>1 Bestellung braucht Ihre Aufmerksamkeit</translation>
    </message>
    <message>
        <source>{n} orders need your attention: {names}</source>
        <translation>{n} Bestellungen brauchen Ihre Aufmerksamkeit: {names}</translation>
    </message>
    <message>
        <source>{n} orders need your attention</source>
        <translation>{n} Bestellungen brauchen Ihre Aufmerksamkeit</translation>
    </message>
    <message>
        <source>1 product needs your attention</source>
        <translation>1 Produkt braucht Ihre Aufmerksamkeit</translation>
    </message>
    <message>
        <source>{n} products need your attention</source>
        <translation>{n} Produkte brauchen Ihre Aufmerksamkeit</translation>
    </message>
    <message>
        <source>1 item needs your attention</source>
        <translation>1 Eintrag braucht Ihre Aufmerksamkeit</translation>
    </message>
    <message>
        <source>{n} items need your attention</source>
        <translation>{n} Einträge brauchen Ihre Aufmerksamkeit</translation>
    </message>
</context>
<context>
    <name>RowActions</name>
    <message>
        <source>Run now</source>
        <translation>Jetzt ausführen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Switched off in Settings</source>
        <translation>In den Einstellungen ausgeschaltet</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <source>Start jjdesk at login</source>
        <translation>jjdesk bei der Anmeldung starten</translation>
    </message>
    <message>
        <source>Synchronise this integration</source>
        <translation>Diese Integration synchronisieren</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>{flow} every</source>
        <translation>{flow} alle</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Not saved: {error}</source>
        <translation>Nicht gespeichert: {error}</translation>
    </message>
</context>
<context>
    <name>StatusModel</name>
    <message>
        <source>Flow</source>
        <translation>Ablauf</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Letzter Lauf</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Nächster Lauf</translation>
    </message>
    <message>
        <source>Off: {problem}</source>
        <translation>Aus: {problem}</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
</context>
<context>
    <name>StatusTab</name>
    <message>
        <source>{flow} is running in another jjdesk right now (for example `jjdesk run`). Try again when it has finished.</source>
        <translation>{flow} läuft gerade in einem anderen jjdesk (zum Beispiel `jjdesk run`). Versuchen Sie es nach dessen Ende erneut.</translation>
    </message>
    <message>
        <source>Resume all</source>
        <translation>Alle fortsetzen</translation>
    </message>
    <message>
        <source>Pause all</source>
        <translation>Alle pausieren</translation>
    </message>
    <message>
        <source>Scheduled runs are paused. Run now still works.</source>
        <translation>Geplante Läufe sind pausiert. „Jetzt ausführen“ funktioniert weiterhin.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Open jjdesk</source>
        <translation>jjdesk öffnen</translation>
    </message>
    <message>
        <source>Run all now</source>
        <translation>Alle jetzt ausführen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>jjdesk (paused)</source>
        <translation>jjdesk (pausiert)</translation>
    </message>
</context>
</TS>
