<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChannelBox</name>
    <message>
        <source>Send this product now</source>
        <translation>Diesen Artikel jetzt senden</translation>
    </message>
    <message>
        <source>Level and rule:</source>
        <translation>Level und Regel:</translation>
    </message>
    <message>
        <source>Last sent:</source>
        <translation>Zuletzt gesendet:</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>Letzter Fehler:</translation>
    </message>
    <message>
        <source>Would be sent now:</source>
        <translation>Würde jetzt gesendet:</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>unchanged since</source>
        <translation>seitdem unverändert</translation>
    </message>
    <message>
        <source>changed since</source>
        <translation>seitdem geändert</translation>
    </message>
    <message>
        <source>Nothing, because:</source>
        <translation>Nichts, denn:</translation>
    </message>
    <message>
        <source>Nothing.</source>
        <translation>Nichts.</translation>
    </message>
</context>
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
        <source>Advanced</source>
        <translation>Erweitert</translation>
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
        <source>Sign in…</source>
        <translation>Anmelden…</translation>
    </message>
    <message>
        <source>Opens the browser: sign in there and allow jjdesk access</source>
        <translation>Öffnet den Browser: dort anmelden und jjdesk den Zugriff erlauben</translation>
    </message>
    <message>
        <source>••• saved</source>
        <translation>••• gespeichert</translation>
    </message>
    <message>
        <source>Waiting for the sign-in in the browser…</source>
        <translation>Warte auf die Anmeldung im Browser…</translation>
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
        <source>Signed in: {detail}</source>
        <translation>Angemeldet: {detail}</translation>
    </message>
    <message>
        <source>Failed: {error}</source>
        <translation>Fehlgeschlagen: {error}</translation>
    </message>
</context>
<context>
    <name>CredentialsPage</name>
    <message>
        <source>Credentials</source>
        <translation>Zugangsdaten</translation>
    </message>
    <message>
        <source>Enter each credential; the line below a field says where to find it. They are kept in your system&apos;s keyring. Test each connection before you go on.</source>
        <translation>Tragen Sie jede Zugangsangabe ein; die Zeile unter einem Feld sagt, wo Sie sie finden. Sie werden im Schlüsselbund Ihres Systems gespeichert. Testen Sie jede Verbindung, bevor Sie weitergehen.</translation>
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
    <name>DayChart</name>
    <message>
        <source>Transferred</source>
        <translation>Übertragen</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Last {days} days: {written} items transferred, {errors} errors</source>
        <translation>Letzte {days} Tage: {written} Artikel übertragen, {errors} Fehler</translation>
    </message>
    <message>
        <source>{day}: {written} transferred, {errors} errors</source>
        <translation>{day}: {written} übertragen, {errors} Fehler</translation>
    </message>
</context>
<context>
    <name>Desktop</name>
    <message>
        <source>{written} items transferred, {errors} errors, {failed} failed runs</source>
        <translation>{written} Artikel übertragen, {errors} Fehler, {failed} fehlgeschlagene Läufe</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>1 order</source>
        <translation>1 Bestellung</translation>
    </message>
    <message>
        <source>{n} orders</source>
        <translation>{n} Bestellungen</translation>
    </message>
    <message>
        <source>1 product</source>
        <translation>1 Artikel</translation>
    </message>
    <message>
        <source>{n} products</source>
        <translation>{n} Artikel</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 Eintrag</translation>
    </message>
    <message>
        <source>{n} items</source>
        <translation>{n} Einträge</translation>
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
        <source>Cause / item</source>
        <translation>Ursache / Eintrag</translation>
    </message>
    <message>
        <source>Integration</source>
        <translation>Integration</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Was tun</translation>
    </message>
    <message>
        <source>Mark as handled</source>
        <translation>Als erledigt markieren</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Show all integrations</source>
        <translation>Alle Integrationen zeigen</translation>
    </message>
    <message>
        <source>Every error row</source>
        <translation>Alle Fehlerzeilen</translation>
    </message>
    <message>
        <source>Open items to fix</source>
        <translation>Offene Punkte zum Beheben</translation>
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
        <source>Nothing to fix.</source>
        <translation>Nichts zu beheben.</translation>
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
        <source>{items} items, {open} open</source>
        <translation>{items} Einträge, {open} offen</translation>
    </message>
    <message>
        <source>Today (action needed)</source>
        <translation>Heute (Handlungsbedarf)</translation>
    </message>
    <message>
        <source>{day} — {n} errors</source>
        <translation>{day} — {n} Fehler</translation>
    </message>
    <message>
        <source>{cause} — {count}</source>
        <translation>{cause} — {count}</translation>
    </message>
    <message>
        <source>{item} (handled)</source>
        <translation>{item} (erledigt)</translation>
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
    <name>HistoryDialog</name>
    <message>
        <source>Run history – {flow}</source>
        <translation>Laufverlauf – {flow}</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
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
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>Jetzt ausführen</translation>
    </message>
    <message>
        <source>Timetable</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>One product</source>
        <translation>Ein Artikel</translation>
    </message>
    <message>
        <source>{trigger} (preview)</source>
        <translation>{trigger} (Vorschau)</translation>
    </message>
</context>
<context>
    <name>IntegrationCard</name>
    <message>
        <source>Show the run history</source>
        <translation>Laufverlauf zeigen</translation>
    </message>
    <message>
        <source>switched off</source>
        <translation>ausgeschaltet</translation>
    </message>
    <message>
        <source>no successful run yet</source>
        <translation>noch kein erfolgreicher Lauf</translation>
    </message>
    <message>
        <source>last success {time}</source>
        <translation>zuletzt erfolgreich {time}</translation>
    </message>
    <message>
        <source>{n} to fix</source>
        <translation>{n} zu beheben</translation>
    </message>
    <message>
        <source>{n} retrying</source>
        <translation>{n} werden wiederholt</translation>
    </message>
    <message>
        <source>A deletion waits for your confirmation</source>
        <translation>Eine Löschung wartet auf Ihre Bestätigung</translation>
    </message>
    <message>
        <source>{written} transferred, {errors} errors (30 days)</source>
        <translation>{written} übertragen, {errors} Fehler (30 Tage)</translation>
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
        <source>Overview</source>
        <translation>Übersicht</translation>
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
        <source>Products</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Bestellungen</translation>
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
        <source>Support</source>
        <translation>Hilfe</translation>
    </message>
    <message>
        <source>Demo: simulated shops, Afterbuy and AccountView, throw-away data. Nothing is sent out.</source>
        <translation>Demo: simulierte Shops, Afterbuy und AccountView, Wegwerfdaten. Es wird nichts nach außen gesendet.</translation>
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
    <message>
        <source>Mappings</source>
        <translation>Zuordnungen</translation>
    </message>
</context>
<context>
    <name>MappingTable</name>
    <message>
        <source>Order field</source>
        <translation>Bestellfeld</translation>
    </message>
    <message>
        <source>Source expression</source>
        <translation>Quelle (Ausdruck)</translation>
    </message>
    <message>
        <source>Transforms (JSON)</source>
        <translation>Umwandlungen (JSON)</translation>
    </message>
    <message>
        <source>Transforms must be a JSON list like [{&quot;name&quot;: &quot;trim&quot;}]</source>
        <translation>Umwandlungen müssen eine JSON-Liste sein, z. B. [{&quot;name&quot;: &quot;trim&quot;}]</translation>
    </message>
</context>
<context>
    <name>MappingsTab</name>
    <message>
        <source>Add shop…</source>
        <translation>Shop hinzufügen…</translation>
    </message>
    <message>
        <source>Use preset</source>
        <translation>Vorlage übernehmen</translation>
    </message>
    <message>
        <source>Shop:</source>
        <translation>Shop:</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Vorlage:</translation>
    </message>
    <message>
        <source>Expressions:</source>
        <translation>Ausdrücke:</translation>
    </message>
    <message>
        <source>Orders in the data:</source>
        <translation>Bestellungen in den Daten:</translation>
    </message>
    <message>
        <source>Lines of an order:</source>
        <translation>Positionen einer Bestellung:</translation>
    </message>
    <message>
        <source>Fetch live</source>
        <translation>Live abrufen</translation>
    </message>
    <message>
        <source>Load from file…</source>
        <translation>Aus Datei laden…</translation>
    </message>
    <message>
        <source>Sample order as the shop delivers it</source>
        <translation>Beispielbestellung, wie der Shop sie liefert</translation>
    </message>
    <message>
        <source>Save mapping</source>
        <translation>Zuordnung speichern</translation>
    </message>
    <message>
        <source>Mapped result</source>
        <translation>Ergebnis der Zuordnung</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Add shop</source>
        <translation>Shop hinzufügen</translation>
    </message>
    <message>
        <source>Name of the shop:</source>
        <translation>Name des Shops:</translation>
    </message>
    <message>
        <source>Fetching sample orders…</source>
        <translation>Beispielbestellungen werden abgerufen…</translation>
    </message>
    <message>
        <source>Sample order file</source>
        <translation>Datei mit Beispielbestellungen</translation>
    </message>
    <message>
        <source>Order files (*.json *.csv *.txt *.xml)</source>
        <translation>Bestelldateien (*.json *.csv *.txt *.xml)</translation>
    </message>
    <message>
        <source>Order %1 of %2</source>
        <translation>Bestellung %1 von %2</translation>
    </message>
    <message>
        <source>The sample has no orders the mapping can find.</source>
        <translation>Im Beispiel findet die Zuordnung keine Bestellungen.</translation>
    </message>
    <message>
        <source>Not saved: correct the errors listed first.</source>
        <translation>Nicht gespeichert: bitte zuerst die aufgeführten Fehler beheben.</translation>
    </message>
    <message>
        <source>Mapping saved.</source>
        <translation>Zuordnung gespeichert.</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>jjdesk today</source>
        <translation>jjdesk heute</translation>
    </message>
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
        <source>{flow}: {n} items transferred</source>
        <translation>{flow}: {n} Artikel übertragen</translation>
    </message>
    <message>
        <source>Sync done</source>
        <translation>Abgleich erledigt</translation>
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
    <name>NotifySettings</name>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>All runs</source>
        <translation>Alle Läufe</translation>
    </message>
    <message>
        <source>Failures and items to fix only</source>
        <translation>Nur Fehler und zu behebende Punkte</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Daily summary at</source>
        <translation>Tägliche Zusammenfassung um</translation>
    </message>
    <message>
        <source>Tell me about:</source>
        <translation>Benachrichtigen bei:</translation>
    </message>
</context>
<context>
    <name>OrderBox</name>
    <message>
        <source>State:</source>
        <translation>Stand:</translation>
    </message>
    <message>
        <source>Imported:</source>
        <translation>Importiert:</translation>
    </message>
    <message>
        <source>Order ID in the sink:</source>
        <translation>Bestell-ID im Zielsystem:</translation>
    </message>
    <message>
        <source>Tracking number:</source>
        <translation>Sendungsnummer:</translation>
    </message>
    <message>
        <source>Carrier:</source>
        <translation>Versanddienstleister:</translation>
    </message>
    <message>
        <source>Shipping update sent:</source>
        <translation>Versandmeldung gesendet:</translation>
    </message>
    <message>
        <source>Tag:</source>
        <translation>Tag:</translation>
    </message>
    <message>
        <source>Why it is stuck:</source>
        <translation>Warum sie hängt:</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>Letzter Fehler:</translation>
    </message>
    <message>
        <source>when the order changes</source>
        <translation>wenn sich die Bestellung ändert</translation>
    </message>
    <message>
        <source>Retried:</source>
        <translation>Wiederholung:</translation>
    </message>
    <message>
        <source>{step}: attempt {n}, next {when}</source>
        <translation>{step}: Versuch {n}, nächster {when}</translation>
    </message>
</context>
<context>
    <name>OrderTab</name>
    <message>
        <source>Order number, e.g. #1006</source>
        <translation>Bestellnummer, z. B. #1006</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <source>All good</source>
        <translation>Alles in Ordnung</translation>
    </message>
    <message>
        <source>Something to fix</source>
        <translation>Etwas zu beheben</translation>
    </message>
    <message>
        <source>Failing</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <source>No integration is switched on yet.</source>
        <translation>Noch ist keine Integration eingeschaltet.</translation>
    </message>
    <message>
        <source>Start the setup assistant…</source>
        <translation>Einrichtungsassistent starten…</translation>
    </message>
</context>
<context>
    <name>PickPage</name>
    <message>
        <source>Welcome to jjdesk</source>
        <translation>Willkommen bei jjdesk</translation>
    </message>
    <message>
        <source>Which of your systems should jjdesk keep in sync?</source>
        <translation>Welche Ihrer Systeme soll jjdesk abgleichen?</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Preview of the first run</source>
        <translation>Vorschau des ersten Laufs</translation>
    </message>
    <message>
        <source>Nothing has been written yet. Check the numbers, then start with Finish.</source>
        <translation>Noch wurde nichts geschrieben. Prüfen Sie die Zahlen und starten Sie dann mit Fertigstellen.</translation>
    </message>
    <message>
        <source>Per flow:</source>
        <translation>Je Ablauf:</translation>
    </message>
    <message>
        <source>Reading your systems (nothing is written)…</source>
        <translation>Ihre Systeme werden gelesen (es wird nichts geschrieben)…</translation>
    </message>
    <message>
        <source>{n} items with errors</source>
        <translation>{n} Einträge mit Fehlern</translation>
    </message>
</context>
<context>
    <name>ProductTab</name>
    <message>
        <source>ProductID, EAN, article number or name</source>
        <translation>ProductID, EAN, Artikelnummer oder Name</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Asking the systems…</source>
        <translation>Die Systeme werden gefragt…</translation>
    </message>
    <message>
        <source>{n} products match; pick one:</source>
        <translation>{n} Artikel passen; bitte einen wählen:</translation>
    </message>
    <message>
        <source>No switched-on integration exports products.</source>
        <translation>Keine eingeschaltete Integration exportiert Artikel.</translation>
    </message>
    <message>
        <source>Product {id}: {name}</source>
        <translation>Artikel {id}: {name}</translation>
    </message>
    <message>
        <source>Product {id}</source>
        <translation>Artikel {id}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Sent: {written} written, {failed} failed.</source>
        <translation>Gesendet: {written} geschrieben, {failed} fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>ProductView</name>
    <message>
        <source>Tried again when the product changes.</source>
        <translation>Wird erneut versucht, wenn sich der Artikel ändert.</translation>
    </message>
    <message>
        <source>Next attempt {time}.</source>
        <translation>Nächster Versuch {time}.</translation>
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
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Switched off in Settings</source>
        <translation>In den Einstellungen ausgeschaltet</translation>
    </message>
    <message>
        <source>about {time} left</source>
        <translation>noch etwa {time}</translation>
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
    <message>
        <source>edited in the Mappings tab</source>
        <translation>wird im Reiter „Zuordnungen“ bearbeitet</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>jjdesk setup</source>
        <translation>jjdesk einrichten</translation>
    </message>
    <message>
        <source>Start synchronising</source>
        <translation>Abgleich starten</translation>
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
    <name>SupportTab</name>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Informationen</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Protokollordner öffnen</translation>
    </message>
    <message>
        <source>Copy diagnostic report</source>
        <translation>Diagnosebericht kopieren</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Zeigen:</translation>
    </message>
    <message>
        <source>The log is empty.</source>
        <translation>Das Protokoll ist leer.</translation>
    </message>
    <message>
        <source>The diagnostic report is on the clipboard (no passwords, no customer data).</source>
        <translation>Der Diagnosebericht ist in der Zwischenablage (keine Passwörter, keine Kundendaten).</translation>
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
        <source>Snooze notifications for an hour</source>
        <translation>Benachrichtigungen eine Stunde lang stummschalten</translation>
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
<context>
    <name>Wizard</name>
    <message>
        <source>Would create {create} products, update {update}, remove {remove}</source>
        <translation>Würde {create} Artikel anlegen, {update} aktualisieren, {remove} entfernen</translation>
    </message>
    <message>
        <source>import {orders} orders</source>
        <translation>{orders} Bestellungen importieren</translation>
    </message>
    <message>
        <source>set the stock of {stock} products</source>
        <translation>den Bestand von {stock} Artikeln setzen</translation>
    </message>
    <message>
        <source>send {ship} tracking numbers</source>
        <translation>{ship} Sendungsnummern senden</translation>
    </message>
    <message>
        <source>create {n}</source>
        <translation>{n} anlegen</translation>
    </message>
    <message>
        <source>update {n}</source>
        <translation>{n} aktualisieren</translation>
    </message>
    <message>
        <source>remove {n}</source>
        <translation>{n} entfernen</translation>
    </message>
    <message>
        <source>set the stock of {n}</source>
        <translation>den Bestand von {n} setzen</translation>
    </message>
    <message>
        <source>import {n}</source>
        <translation>{n} importieren</translation>
    </message>
    <message>
        <source>send {n} tracking numbers</source>
        <translation>{n} Sendungsnummern senden</translation>
    </message>
    <message>
        <source>would {actions}</source>
        <translation>würde {actions}</translation>
    </message>
</context>
</TS>
