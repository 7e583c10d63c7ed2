<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <source>Live-stream code to watchers.</source>
        <translation>Code live an Zuschauer streamen.</translation>
    </message>
    <message>
        <source>Host a session on an embedded server and stream.</source>
        <translation>Eine Sitzung auf einem eingebetteten Server hosten und streamen.</translation>
    </message>
    <message>
        <source>Port of the hosted session (default 3000, or the next free one).</source>
        <translation>Port der gehosteten Sitzung (Standard 3000 oder der nächste freie).</translation>
    </message>
    <message>
        <source>Address the hosted session listens on (default 127.0.0.1; 0.0.0.0 for the network).</source>
        <translation>Adresse, auf der die gehostete Sitzung lauscht (Standard 127.0.0.1; 0.0.0.0 für das Netzwerk).</translation>
    </message>
    <message>
        <source>Stream through the CodeStream server at ORIGIN.</source>
        <translation>Über den CodeStream-Server unter ORIGIN streamen.</translation>
    </message>
    <message>
        <source>Open a watcher window on a share link (without LINK: ask for one).</source>
        <translation>Ein Zuschauerfenster für einen Freigabelink öffnen (ohne LINK: danach fragen).</translation>
    </message>
    <message>
        <source>Stream a line from a writer window to a watcher window through an embedded server, check it arrived, and quit.</source>
        <translation>Eine Zeile über einen eingebetteten Server von einem Schreibfenster an ein Zuschauerfenster streamen, ihre Ankunft prüfen und beenden.</translation>
    </message>
    <message>
        <source>Show the user interface in LANGUAGE (e.g. de).</source>
        <translation>Die Benutzeroberfläche in LANGUAGE anzeigen (z. B. de).</translation>
    </message>
    <message>
        <source>invalid port: %1</source>
        <translation>ungültiger Port: %1</translation>
    </message>
    <message>
        <source>invalid bind address: %1</source>
        <translation>ungültige Bind-Adresse: %1</translation>
    </message>
    <message>
        <source>--host and --server exclude each other</source>
        <translation>--host und --server schließen einander aus</translation>
    </message>
    <message>
        <source>invalid server address: %1</source>
        <translation>ungültige Serveradresse: %1</translation>
    </message>
    <message>
        <source>The file to open (a .cscast recording opens in a player).</source>
        <translation>Die zu öffnende Datei (eine .cscast-Aufzeichnung öffnet sich in einem Player).</translation>
    </message>
</context>
<context>
    <name>ui::DocumentTabs</name>
    <message>
        <source>untitled-%1.txt</source>
        <translation>unbenannt-%1.txt</translation>
    </message>
</context>
<context>
    <name>ui::EditorActions</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Ausschneiden</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Einfügen</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>Alles a&amp;uswählen</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Reset Zoom</source>
        <translation>&amp;Zoom zurücksetzen</translation>
    </message>
</context>
<context>
    <name>ui::HostSessionDialog</name>
    <message>
        <source>Allow other machines on my network to watch</source>
        <translation>Anderen Rechnern in meinem Netzwerk das Zuschauen erlauben</translation>
    </message>
    <message>
        <source>Host Session</source>
        <translation>Sitzung hosten</translation>
    </message>
    <message>
        <source>If the port is taken, the next free one is used.</source>
        <translation>Ist der Port belegt, wird der nächste freie verwendet.</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>Watchers open the share link in a browser or in CodeStream.</source>
        <translation>Zuschauer öffnen den Freigabelink im Browser oder in CodeStream.</translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation>&amp;Hosten</translation>
    </message>
    <message>
        <source>The original sample&apos;s web page cannot read an encrypted stream; CodeStream&apos;s page and app can.</source>
        <translation>Die Webseite des ursprünglichen Beispiels kann einen verschlüsselten Stream nicht lesen; die Seite und die App von CodeStream können es.</translation>
    </message>
    <message>
        <source>&amp;Encrypt end to end</source>
        <translation>Ende-zu-Ende &amp;verschlüsseln</translation>
    </message>
</context>
<context>
    <name>ui::LiveRewind</name>
    <message>
        <source>&amp;Rewind One Change</source>
        <translation>Eine Änderung &amp;zurück</translation>
    </message>
    <message>
        <source>Show the document as it was one change earlier</source>
        <translation>Das Dokument so zeigen, wie es eine Änderung früher war</translation>
    </message>
    <message>
        <source>&amp;Forward One Change</source>
        <translation>Eine Änderung &amp;vor</translation>
    </message>
    <message>
        <source>Back to &amp;Live</source>
        <translation>Zurück zu &amp;Live</translation>
    </message>
    <message>
        <source>Show the writer&apos;s current text again</source>
        <translation>Wieder den aktuellen Text des Schreibenden zeigen</translation>
    </message>
    <message>
        <source>The document is not known at %1</source>
        <translation>Das Dokument ist um %1 nicht bekannt</translation>
    </message>
    <message>
        <source>Live · the document is too large for the rewind history</source>
        <translation>Live · das Dokument ist zu groß für den Rückspulverlauf</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Rewound to %1, version %2 · live: version %3</source>
        <translation>Zurückgespult auf %1, Version %2 · live: Version %3</translation>
    </message>
    <message>
        <source>Live · history since %1, %2 MB</source>
        <translation>Live · Verlauf seit %1, %2 MB</translation>
    </message>
</context>
<context>
    <name>ui::PlayerWindow</name>
    <message>
        <source>Drag to seek</source>
        <translation>Ziehen, um zu springen</translation>
    </message>
    <message>
        <source>CodeStream Player</source>
        <translation>CodeStream-Player</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Save Document &amp;As…</source>
        <translation>Dokument speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <source>Playback</source>
        <translation>Wiedergabe</translation>
    </message>
    <message>
        <source>&amp;Previous Change</source>
        <translation>&amp;Vorherige Änderung</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Abspielen</translation>
    </message>
    <message>
        <source>&amp;Next Change</source>
        <translation>&amp;Nächste Änderung</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>Geschwindigkeit:</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>Skip idle gaps</source>
        <translation>Pausen überspringen</translation>
    </message>
    <message>
        <source>Play pauses longer than %1 s as %2 s</source>
        <translation>Pausen länger als %1 s als %2 s abspielen</translation>
    </message>
    <message>
        <source>%1 — CodeStream Player</source>
        <translation>%1 — CodeStream-Player</translation>
    </message>
    <message>
        <source>The recording is damaged: %1</source>
        <translation>Die Aufzeichnung ist beschädigt: %1</translation>
    </message>
    <message>
        <source>The document is unknown at this point of the recording.</source>
        <translation>Das Dokument ist an dieser Stelle der Aufzeichnung unbekannt.</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>No version yet</source>
        <translation>Noch keine Version</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Save Document As</source>
        <translation>Dokument speichern unter</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
</context>
<context>
    <name>ui::PreferencesDialog</name>
    <message>
        <source>Allow other machines on my network to watch</source>
        <translation>Anderen Rechnern in meinem Netzwerk das Zuschauen erlauben</translation>
    </message>
    <message>
        <source>Reconnect when the connection drops</source>
        <translation>Neu verbinden, wenn die Verbindung abbricht</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>How often typed changes are sent to watchers.</source>
        <translation>Wie oft getippte Änderungen an die Zuschauer gesendet werden.</translation>
    </message>
    <message>
        <source>If the port is taken, the next free one is used.</source>
        <translation>Ist der Port belegt, wird der nächste freie verwendet.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>Editor</translation>
    </message>
    <message>
        <source>&amp;Font:</source>
        <translation>&amp;Schriftart:</translation>
    </message>
    <message>
        <source>Font &amp;size:</source>
        <translation>Schrift&amp;größe:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>Ta&amp;b width:</source>
        <translation>&amp;Tabulatorbreite:</translation>
    </message>
    <message>
        <source>Streaming</source>
        <translation>Streaming</translation>
    </message>
    <message>
        <source>Send changes &amp;every:</source>
        <translation>Änderungen senden &amp;alle:</translation>
    </message>
    <message>
        <source>Default &amp;port:</source>
        <translation>Standard&amp;port:</translation>
    </message>
    <message>
        <source>&amp;Longest wait between attempts:</source>
        <translation>&amp;Längste Wartezeit zwischen Versuchen:</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>How much of what arrives a watcher window keeps, so that you can rewind it. The oldest part is dropped first.</source>
        <translation>Wie viel des Empfangenen ein Zuschauerfenster aufbewahrt, damit Sie zurückspulen können. Der älteste Teil wird zuerst verworfen.</translation>
    </message>
    <message>
        <source>Watching</source>
        <translation>Zuschauen</translation>
    </message>
    <message>
        <source>Re&amp;wind history:</source>
        <translation>&amp;Rückspulverlauf:</translation>
    </message>
</context>
<context>
    <name>ui::RecentFilesMenu</name>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
</context>
<context>
    <name>ui::RecoveryStorage</name>
    <message>
        <source>an untitled document</source>
        <translation>ein unbenanntes Dokument</translation>
    </message>
    <message>
        <source>Recover Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen wiederherstellen</translation>
    </message>
    <message>
        <source>CodeStream did not close properly. Unsaved changes to %1 were kept.
Do you want to recover them?</source>
        <translation>CodeStream wurde nicht ordnungsgemäß beendet. Ungespeicherte Änderungen an %1 wurden aufbewahrt.
Möchten Sie sie wiederherstellen?</translation>
    </message>
</context>
<context>
    <name>ui::RewindBar</name>
    <message>
        <source>Back to &amp;Live</source>
        <translation>Zurück zu &amp;Live</translation>
    </message>
    <message>
        <source>Drag to see the document as it was; the stream goes on meanwhile</source>
        <translation>Ziehen, um das Dokument zu sehen, wie es war; der Stream läuft währenddessen weiter</translation>
    </message>
    <message>
        <source>Show the writer&apos;s current text again</source>
        <translation>Wieder den aktuellen Text des Schreibenden zeigen</translation>
    </message>
</context>
<context>
    <name>ui::SelfTest</name>
    <message>
        <source>cannot host a session: %1</source>
        <translation>Sitzung kann nicht gehostet werden: %1</translation>
    </message>
    <message>
        <source>no share link: the session state is “%1”</source>
        <translation>kein Freigabelink: der Sitzungsstatus ist „%1“</translation>
    </message>
    <message>
        <source>cannot open a watcher: %1</source>
        <translation>Zuschauer kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>the writer lost the text</source>
        <translation>der Schreiber hat den Text verloren</translation>
    </message>
    <message>
        <source>the watcher did not receive the text within %1 s (watcher: %2)</source>
        <translation>der Zuschauer hat den Text nicht innerhalb von %1 s erhalten (Zuschauer: %2)</translation>
    </message>
    <message>
        <source>self-test passed: streamed %1 bytes from a writer to a watcher through 127.0.0.1:%2 in %3 ms</source>
        <translation>Selbsttest bestanden: %1 Bytes in %3 ms über 127.0.0.1:%2 von einem Schreiber an einen Zuschauer gestreamt</translation>
    </message>
</context>
<context>
    <name>ui::SessionRecorder</name>
    <message>
        <source>&amp;Record Session…</source>
        <translation>Sitzung &amp;aufzeichnen…</translation>
    </message>
    <message>
        <source>Record the session to a .cscast file</source>
        <translation>Die Sitzung in einer .cscast-Datei aufzeichnen</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>&amp;Aufzeichnen</translation>
    </message>
    <message>
        <source>Record what arrives to a .cscast file</source>
        <translation>Das Empfangene in einer .cscast-Datei aufzeichnen</translation>
    </message>
    <message>
        <source>Cannot record to %1: %2</source>
        <translation>Aufzeichnung nach %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>Recording stopped: %1</source>
        <translation>Aufzeichnung gestoppt: %1</translation>
    </message>
    <message>
        <source>Recording to %1</source>
        <translation>Aufzeichnung nach %1</translation>
    </message>
    <message>
        <source>Recording saved to %1</source>
        <translation>Aufzeichnung in %1 gespeichert</translation>
    </message>
    <message>
        <source>Record Session</source>
        <translation>Sitzung aufzeichnen</translation>
    </message>
</context>
<context>
    <name>ui::SharePanel</name>
    <message>
        <source>Share</source>
        <translation>Freigabe</translation>
    </message>
    <message>
        <source>Host a session to get a share link</source>
        <translation>Hosten Sie eine Sitzung, um einen Freigabelink zu erhalten</translation>
    </message>
    <message>
        <source>&amp;Copy Share Link</source>
        <translation>Freigabelink &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy Link &amp;Without Key</source>
        <translation>Link &amp;ohne Schlüssel kopieren</translation>
    </message>
    <message>
        <source>Copy the link without the encryption key, to pass the key another way</source>
        <translation>Den Link ohne den Schlüssel kopieren, um den Schlüssel auf anderem Weg weiterzugeben</translation>
    </message>
    <message>
        <source>🔒 End-to-end encrypted: the link and the QR code carry the key. Anyone who has them can watch.</source>
        <translation>🔒 Ende-zu-Ende verschlüsselt: Link und QR-Code enthalten den Schlüssel. Wer sie hat, kann zuschauen.</translation>
    </message>
</context>
<context>
    <name>ui::StreamStatusWidget</name>
    <message numerus="yes">
        <source>%n watcher(s)</source>
        <translation>
            <numerusform>%n Zuschauer</numerusform>
            <numerusform>%n Zuschauer</numerusform>
        </translation>
    </message>
    <message>
        <source>Room %1</source>
        <translation>Raum %1</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>🔒 Encrypted</source>
        <translation>🔒 Verschlüsselt</translation>
    </message>
    <message>
        <source>End-to-end encrypted: servers relay the stream without being able to read it</source>
        <translation>Ende-zu-Ende verschlüsselt: Server leiten den Stream weiter, ohne ihn lesen zu können</translation>
    </message>
</context>
<context>
    <name>ui::StreamToServerDialog</name>
    <message>
        <source>&amp;Encrypt end to end</source>
        <translation>Ende-zu-Ende &amp;verschlüsseln</translation>
    </message>
    <message>
        <source>Stream to Server</source>
        <translation>An Server streamen</translation>
    </message>
    <message>
        <source>The server relays the stream without being able to read it.</source>
        <translation>Der Server leitet den Stream weiter, ohne ihn lesen zu können.</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>Server&amp;adresse:</translation>
    </message>
    <message>
        <source>&amp;Stream</source>
        <translation>&amp;Streamen</translation>
    </message>
</context>
<context>
    <name>ui::StreamingController</name>
    <message>
        <source>Not streaming</source>
        <translation>Kein Stream</translation>
    </message>
    <message>
        <source>Negotiating…</source>
        <translation>Aushandeln…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Verbinde neu…</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>Verbindung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot host a session: %1</source>
        <translation>Die Sitzung kann nicht gehostet werden: %1</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>The connection dropped; streaming stopped (reconnecting is off).</source>
        <translation>Die Verbindung ist abgebrochen; das Streaming wurde beendet (Neuverbinden ist ausgeschaltet).</translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting… (offline for %n s)</source>
        <translation>
            <numerusform>Verbinde neu… (seit %n s offline)</numerusform>
            <numerusform>Verbinde neu… (seit %n s offline)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not streamed: the workspace refused it.</source>
        <translation>%1 wird nicht übertragen: der Arbeitsbereich hat die Datei abgelehnt.</translation>
    </message>
</context>
<context>
    <name>ui::WatcherWindow</name>
    <message>
        <source>Connecting</source>
        <translation>Verbinde</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Resyncing</source>
        <translation>Synchronisiere neu</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Save a &amp;Copy…</source>
        <translation>&amp;Kopie speichern…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>&amp;Alles auswählen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Follow Writer</source>
        <translation>Dem Schreiber &amp;folgen</translation>
    </message>
    <message>
        <source>Show Writer&apos;s &amp;Cursor</source>
        <translation>&amp;Cursor des Schreibers anzeigen</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <source>%1 — watching (%2) — CodeStream</source>
        <translation>%1 — Zuschauen (%2) — CodeStream</translation>
    </message>
    <message>
        <source>Cannot write file %1:
%2.</source>
        <translation>Die Datei %1 kann nicht geschrieben werden:
%2.</translation>
    </message>
    <message>
        <source>Cannot open file %1 for writing:
%2.</source>
        <translation>Die Datei %1 kann nicht zum Schreiben geöffnet werden:
%2.</translation>
    </message>
    <message>
        <source>Copy saved</source>
        <translation>Kopie gespeichert</translation>
    </message>
    <message>
        <source>CodeStream</source>
        <translation>CodeStream</translation>
    </message>
    <message>
        <source>Save a Copy</source>
        <translation>Kopie speichern</translation>
    </message>
    <message>
        <source>untitled.txt</source>
        <translation>unbenannt.txt</translation>
    </message>
    <message>
        <source>🔒 Encrypted</source>
        <translation>🔒 Verschlüsselt</translation>
    </message>
    <message>
        <source>End-to-end encrypted: the server relays the stream without being able to read it</source>
        <translation>Ende-zu-Ende verschlüsselt: Der Server leitet den Stream weiter, ohne ihn lesen zu können</translation>
    </message>
    <message>
        <source>This stream is end-to-end encrypted, and the link you opened lacks its key</source>
        <translation>Dieser Stream ist Ende-zu-Ende verschlüsselt, und dem geöffneten Link fehlt sein Schlüssel</translation>
    </message>
    <message>
        <source>This stream is end-to-end encrypted, and the link you opened has a different key</source>
        <translation>Dieser Stream ist Ende-zu-Ende verschlüsselt, und der geöffnete Link hat einen anderen Schlüssel</translation>
    </message>
    <message>
        <source>This stream is not end-to-end encrypted, but the link you opened has a key</source>
        <translation>Dieser Stream ist nicht Ende-zu-Ende verschlüsselt, aber der geöffnete Link hat einen Schlüssel</translation>
    </message>
</context>
<context>
    <name>ui::WindowRegistry</name>
    <message>
        <source>“%1” is not a share link. A share link looks like http://host:3000/#room.</source>
        <translation>„%1“ ist kein Freigabelink. Ein Freigabelink sieht so aus: http://host:3000/#raum.</translation>
    </message>
    <message>
        <source>CodeStream</source>
        <translation>CodeStream</translation>
    </message>
    <message>
        <source>Watch Shared Room</source>
        <translation>Freigegebenem Raum zuschauen</translation>
    </message>
    <message>
        <source>Share link:</source>
        <translation>Freigabelink:</translation>
    </message>
    <message>
        <source>Cannot open the recording %1: %2</source>
        <translation>Die Aufzeichnung %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Open Recording</source>
        <translation>Aufzeichnung öffnen</translation>
    </message>
    <message>
        <source>CodeStream recordings (*.cscast);;All files (*)</source>
        <translation>CodeStream-Aufzeichnungen (*.cscast);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>ui::WorkspaceTabs</name>
    <message>
        <source>Follow Writer&apos;s &amp;Tab</source>
        <translation>&amp;Tab des Schreibenden folgen</translation>
    </message>
    <message>
        <source>Show the file the writer is looking at</source>
        <translation>Die Datei zeigen, die der Schreibende gerade ansieht</translation>
    </message>
    <message>
        <source>%1 is not shown: %2</source>
        <translation>%1 wird nicht angezeigt: %2</translation>
    </message>
</context>
<context>
    <name>ui::WriterWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>Create a new file</source>
        <translation>Eine neue Datei anlegen</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Öffnen…</translation>
    </message>
    <message>
        <source>Open an existing file</source>
        <translation>Eine vorhandene Datei öffnen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save the document to disk</source>
        <translation>Das Dokument auf der Festplatte speichern</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>Save the document under a new name</source>
        <translation>Das Dokument unter einem neuen Namen speichern</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit CodeStream</source>
        <translation>CodeStream beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Pr&amp;eferences…</source>
        <translation>Ein&amp;stellungen…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sitzung</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>&amp;Host Session…</source>
        <translation>Sitzung &amp;hosten…</translation>
    </message>
    <message>
        <source>Stream this document from a server on this computer</source>
        <translation>Dieses Dokument über einen Server auf diesem Computer streamen</translation>
    </message>
    <message>
        <source>Stream to &amp;Server…</source>
        <translation>An &amp;Server streamen…</translation>
    </message>
    <message>
        <source>Stream this document through a CodeStream server</source>
        <translation>Dieses Dokument über einen CodeStream-Server streamen</translation>
    </message>
    <message>
        <source>&amp;Watch Shared Room…</source>
        <translation>Freigegebenem Raum &amp;zuschauen…</translation>
    </message>
    <message>
        <source>S&amp;top Streaming</source>
        <translation>Streaming &amp;beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About CodeStream</source>
        <translation>&amp;Über CodeStream</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>CodeStream</source>
        <translation>CodeStream</translation>
    </message>
    <message>
        <source>The document has been modified.
Do you want to save your changes?</source>
        <translation>Das Dokument wurde geändert.
Möchten Sie Ihre Änderungen speichern?</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>Datei öffnen</translation>
    </message>
    <message>
        <source>Save File As</source>
        <translation>Datei speichern unter</translation>
    </message>
    <message>
        <source>File loaded</source>
        <translation>Datei geladen</translation>
    </message>
    <message>
        <source>File saved</source>
        <translation>Datei gespeichert</translation>
    </message>
    <message>
        <source>About CodeStream</source>
        <translation>Über CodeStream</translation>
    </message>
    <message>
        <source>&lt;b&gt;CodeStream&lt;/b&gt; %1&lt;br&gt;Live-stream code from one writer to many read-only watchers, on the desktop and in the browser.</source>
        <translation>&lt;b&gt;CodeStream&lt;/b&gt; %1&lt;br&gt;Code live von einem Schreiber an viele Zuschauer mit reinem Lesezugriff streamen, auf dem Desktop und im Browser.</translation>
    </message>
    <message>
        <source>Share link copied</source>
        <translation>Freigabelink kopiert</translation>
    </message>
    <message>
        <source>“%1” is not an http or https address.</source>
        <translation>„%1“ ist keine http- oder https-Adresse.</translation>
    </message>
    <message>
        <source>Unsaved changes recovered</source>
        <translation>Ungespeicherte Änderungen wiederhergestellt</translation>
    </message>
    <message>
        <source>Open &amp;Recording…</source>
        <translation>&amp;Aufzeichnung öffnen…</translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation>Tab &amp;schließen</translation>
    </message>
    <message>
        <source>Close the current tab</source>
        <translation>Den aktuellen Tab schließen</translation>
    </message>
</context>
</TS>
