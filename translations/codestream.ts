<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>main</name>
    <message>
        <source>Live-stream code to watchers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host a session on an embedded server and stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port of the hosted session (default 3000, or the next free one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address the hosted session listens on (default 127.0.0.1; 0.0.0.0 for the network).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream through the CodeStream server at ORIGIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a watcher window on a share link (without LINK: ask for one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream a line from a writer window to a watcher window through an embedded server, check it arrived, and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the user interface in LANGUAGE (e.g. de).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid port: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid bind address: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--host and --server exclude each other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid server address: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file to open (a .cscast recording opens in a player).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::DocumentTabs</name>
    <message>
        <source>untitled-%1.txt</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::EditorActions</name>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset Zoom</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::HostSessionDialog</name>
    <message>
        <source>Allow other machines on my network to watch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If the port is taken, the next free one is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watchers open the share link in a browser or in CodeStream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The original sample&apos;s web page cannot read an encrypted stream; CodeStream&apos;s page and app can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Encrypt end to end</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::LiveRewind</name>
    <message>
        <source>&amp;Rewind One Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the document as it was one change earlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forward One Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to &amp;Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the writer&apos;s current text again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document is not known at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live · the document is too large for the rewind history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rewound to %1, version %2 · live: version %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live · history since %1, %2 MB</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::PlayerWindow</name>
    <message>
        <source>Drag to seek</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CodeStream Player</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Document &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1×</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip idle gaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play pauses longer than %1 s as %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — CodeStream Player</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording is damaged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document is unknown at this point of the recording.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No version yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Document As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::PreferencesDialog</name>
    <message>
        <source>Allow other machines on my network to watch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect when the connection drops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> pt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How often typed changes are sent to watchers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If the port is taken, the next free one is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Font:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Font &amp;size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta&amp;b width:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Streaming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send changes &amp;every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default &amp;port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Longest wait between attempts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> MB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much of what arrives a watcher window keeps, so that you can rewind it. The oldest part is dropped first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;wind history:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::RecentFilesMenu</name>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::RecoveryStorage</name>
    <message>
        <source>an untitled document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover Unsaved Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CodeStream did not close properly. Unsaved changes to %1 were kept.
Do you want to recover them?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::RewindBar</name>
    <message>
        <source>Back to &amp;Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag to see the document as it was; the stream goes on meanwhile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the writer&apos;s current text again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::SelfTest</name>
    <message>
        <source>cannot host a session: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no share link: the session state is “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot open a watcher: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the writer lost the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the watcher did not receive the text within %1 s (watcher: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>self-test passed: streamed %1 bytes from a writer to a watcher through 127.0.0.1:%2 in %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::SessionRecorder</name>
    <message>
        <source>&amp;Record Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the session to a .cscast file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record what arrives to a .cscast file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record Session</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::SharePanel</name>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host a session to get a share link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy Share Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Link &amp;Without Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the link without the encryption key, to pass the key another way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>🔒 End-to-end encrypted: the link and the QR code carry the key. Anyone who has them can watch.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::StreamStatusWidget</name>
    <message numerus="yes">
        <source>%n watcher(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Room %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>🔒 Encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End-to-end encrypted: servers relay the stream without being able to read it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::StreamToServerDialog</name>
    <message>
        <source>&amp;Encrypt end to end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream to Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server relays the stream without being able to read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stream</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::StreamingController</name>
    <message>
        <source>Not streaming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Negotiating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot host a session: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection dropped; streaming stopped (reconnecting is off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Reconnecting… (offline for %n s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not streamed: the workspace refused it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::WatcherWindow</name>
    <message>
        <source>Connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resyncing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a &amp;Copy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Follow Writer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Writer&apos;s &amp;Cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — watching (%2) — CodeStream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write file %1:
%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open file %1 for writing:
%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CodeStream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>untitled.txt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>🔒 Encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End-to-end encrypted: the server relays the stream without being able to read it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This stream is end-to-end encrypted, and the link you opened lacks its key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This stream is end-to-end encrypted, and the link you opened has a different key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This stream is not end-to-end encrypted, but the link you opened has a key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::WindowRegistry</name>
    <message>
        <source>“%1” is not a share link. A share link looks like http://host:3000/#room.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CodeStream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watch Shared Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share link:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the recording %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CodeStream recordings (*.cscast);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::WorkspaceTabs</name>
    <message>
        <source>Follow Writer&apos;s &amp;Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the file the writer is looking at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not shown: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::WriterWindow</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an existing file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the document to disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the document under a new name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit CodeStream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pr&amp;eferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream this document from a server on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream to &amp;Server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream this document through a CodeStream server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Watch Shared Room…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top Streaming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About CodeStream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CodeStream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document has been modified.
Do you want to save your changes?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save File As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About CodeStream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;CodeStream&lt;/b&gt; %1&lt;br&gt;Live-stream code from one writer to many read-only watchers, on the desktop and in the browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share link copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an http or https address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes recovered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recording…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the current tab</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
