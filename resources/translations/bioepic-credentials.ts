<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>ApiProfile</name>
    <message>
        <source>BioEPIC API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NMDC Runtime API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next-page token key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page token parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who-am-I path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Example collection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mint-client path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset-secret path</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Environment</name>
    <message>
        <source>client id and secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user name and password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnvironmentPreset</name>
    <message>
        <source>NMDC Runtime (production)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The National Microbiome Data Collaborative&apos;s public API. Its searches need no login; a site client or user account gets tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NMDC Runtime (development)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The NMDC&apos;s development deployment, for trying changes before production.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BioEPIC data API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A BioEPIC server: type the address your administrator gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any server of the same shape: choose its profile and paths in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>BioEPIC Credentials — demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the sandbox API and a ready &quot;sandbox&quot; environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --demo: walk the demo, save screenshots in &lt;dir&gt;, quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manage BioEPIC API credentials in the OS keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo on a sandbox API at %1: client &quot;%2&quot;, secret &quot;%3&quot;; tokens live %4 s. Nothing of yours is touched: settings in a temporary folder, secrets in memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --demo: sandbox token lifetime in seconds, 10 to 2592000 (default 600).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StateBadge</name>
    <message>
        <source>no credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credentials stored yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials stored; no token requested yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access token is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Past the refresh point; a new token is requested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last token has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rejected by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server no longer accepts this token (revoked, or its signing key changed). Refresh gets a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last token request failed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::DemoEnvironment</name>
    <message>
        <source>The sandbox program did not say where it listens within %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start the sandbox program %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reinstall bioepic-credentials: the sandbox program comes with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox program wrote %1 bytes without saying where it listens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox program said &quot;%1&quot; where its address (http://127.0.0.1:PORT) was expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it was stopped by a signal or crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it exited with code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sandbox program ended before the demo was ready: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo&apos;s sandbox ended (%1); its environment no longer answers. Start the demo again to go on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::AddEnvironmentDialog</name>
    <message>
        <source>Add environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &amp;from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::CredentialsForm</name>
    <message>
        <source>Check with a token request before saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save to &amp;keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move credentials…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep for this session only (in memory)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client id and secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name and password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si&amp;gn in with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credentials are stored for &lt;b&gt;%1&lt;/b&gt;. They go to the %2, never to a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored for &lt;b&gt;%1&lt;/b&gt;: %2 &lt;code&gt;%3&lt;/code&gt; (%4), since %5, %6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in memory for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored — type a new one to replace it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save (this session &amp;only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replace in keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the client id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the client secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking %1 for a token with these credentials…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory, for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in the %1. The server issued a token valid until %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in the %1 without checking.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server rejected this client id or secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server rejected this user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account cannot get a token with the chosen method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canceled. Nothing was stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials for %1 will be kept in memory until the program quits; nothing is written to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the credentials of %1 from the %2, with any cached token and rollback copy?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::DiagnosePage</name>
    <message>
        <source>&amp;Run diagnosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save support re&amp;port…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All environments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnosis steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a request: its redacted headers and bodies show here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Network log&lt;/b&gt; — redacted: no Authorization, form secrets, tokens or queries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the diagnosis to check %1 step by step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save support report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — support report saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::EnvironmentEditor</name>
    <message>
        <source>e.g. staging (a-z, 0-9, _ and -)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BioEPIC shape: expires_in, /api/{collection}, &quot;results&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NMDC Runtime shape: JWT, expires{}, /nmdcschema/{collection}, &quot;resources&quot;, /health, /users/me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client id and secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name and password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What new credentials are asked for; stored credentials keep their own method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As HTTP Basic authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How a client id and secret travel in a token request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s before expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never more than half a token&apos;s lifetime.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The longest a request may take, from sending it to the last byte of the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A search page larger than this is cut off while it arrives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional PEM file with your institution&apos;s CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a CA bundle file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API &amp;profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in w&amp;ith:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret sent &amp;as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;otate every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lar&amp;gest page:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;CA bundle:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API paths and keys (empty: the profile&apos;s own)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings-file key: profile_overrides.%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not used until fixed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 problem to fix before saving:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 problems to fix before saving:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::EnvironmentListModel</name>
    <message>
        <source>A rotation stopped half-way: see the Rotation tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Credentials overdue for rotation by %n day(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Credentials kept in memory for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue %1d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rotate today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rotate in %1d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret scan found this secret in a file git tracks or in git history: rotate it (see the Hygiene tab).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exposed in git</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::HistoryModel</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client id / user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials (old → new)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::HygienePage</name>
    <message numerus="yes">
        <source>Critical — a stored secret others can read (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>High (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Medium (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Import and strip…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the git command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to .gitignore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make it private</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finds credentials still written in plain text: .env files, Python scripts and notebooks (outputs too), and what git holds of them, tracked or in history. Values are compared with your stored secrets in memory and never shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder to scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a folder: choose the folder to scan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder field is empty, so it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 folders, %2 files, %3 findings so far — %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the stored secrets from the %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credentials in plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> in %1 and %2 (%3 s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The rest was not scanned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to fix here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a finding to see what to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added %1 to the .gitignore beside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is now readable by you alone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::ImportDotenvDialog</name>
    <message>
        <source>Replace the credentials already stored for these environments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check with the server first (a token request)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove secrets from the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 (line %3) &lt;i&gt;%4&lt;/i&gt;, %5 (line %6) &lt;tt&gt;%7&lt;/tt&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing can be imported from %1 yet; the file is left as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found in %1 (values are not shown; the fingerprints identify them):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking with the server and storing in the %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storing in the %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the keychain copy back, then rewriting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1 from %2; a comment there says where it went. Run scripts with: bioepic-cred exec %3 -- python your_script.py</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in the %1 and read back equal%2: %3.

Remove the secret lines from %4 now? The file keeps everything else, and a comment saying where they went.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, accepted by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep the file as it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing when the keychain has answered…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::InfoBar</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::MainWindow</name>
    <message>
        <source>BioEPIC Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scripts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use from scripts: exec, token, .env import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the settings of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requesting a token for %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token for %1 received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token request for %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add environment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove environment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import .env file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh &amp;token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Check token with server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vie&amp;w</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in the system &amp;tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An icon that warns before a token runs out and when a rotation is due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About BioEPIC Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About BioEPIC Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;BioEPIC Credentials&lt;/b&gt; %1&lt;br&gt;Qt %2 (built with %3), QtKeychain %4&lt;br&gt;&lt;br&gt;Credentials live in the %5; settings in %6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finishing the credential rotation before closing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings of %1 were changed but not saved. Save them before switching to %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;font-size:15pt; font-weight:600&apos;&gt;%1&lt;/span&gt;&amp;nbsp;&amp;nbsp;&lt;span&gt;%2&lt;/span&gt;&amp;nbsp;&amp;nbsp;&lt;span style=&apos;color:%4&apos;&gt;%3&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A credential rotation of %1 stopped half-way. Its active credentials still work; finish or drop it on the Rotation tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials due for rotation: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a .env file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment files (.env *.env .env.*);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed the secrets from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 and delete its credentials from the %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

Remove %2 from the settings anyway? Its keychain entries would stay behind until you delete them with your keyring manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hygiene</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret hygiene: find credentials still in plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desktop has no system tray to show an icon in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings cannot be read, so the environments in them are not shown and nothing is saved: %1
This window reads the file again as soon as it changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The old client %1 of %2 still works; its grace period ended on %3. Retire it once nothing uses it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is locked: credentials and tokens stored there cannot be read or saved until it is unlocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no login keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It did not answer in time: it may be waiting for its password in a window of its own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot be used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where credentials and tokens are kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets: %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::NetworkLogModel</name>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::RotationDialog</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate credentials of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new secret becomes active only after the server gave a token for it and accepted a call made with that token. The current one (%1) is kept for rollback.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rotate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back to the previous credentials (%1), after checking that they still get a token. The active ones (%2) become the previous.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll &amp;back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume the interrupted %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A %1 stopped half-way on %2. Resuming finishes it; no secret is lost either way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard the interrupted %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop the staged credentials and keep the active ones. If the swap had already begun, it is finished instead, so that no secret is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;user name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New client &amp;id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New client &amp;secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify with an authenticated call (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify: this server has no who-am-I endpoint, so only the token request can check the credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the new secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The swap has begun; it cannot be canceled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done. Active: %1; previous: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done. The active credentials were kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The active credentials are unchanged and still in use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The swap stopped half-way; no secret is lost. The next start offers Resume or Discard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canceled. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate %1 on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server makes the new credentials: a site administrator signs in once (nothing of theirs is stored), and the new credentials become active only after they got a token that the server accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rotate on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retire the old client of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The old client %1 gets a secret nobody knows, so it stops working. Do this once no machine uses it any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new client for the site. The old one keeps working until it is retired, for machines that still use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A random 32-byte secret, set on the server in place: the old secret stops working at once, so there is nothing to roll back to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset the secret in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mint a new client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;How:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type them below (stored nowhere)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Administrator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the one the administrator administers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Site:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retire it now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retire it after a grace period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep it until I retire it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Old client:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the site administrator&apos;s user name and password, or choose an environment that stores them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the administrator&apos;s credentials: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has been asked; it cannot be canceled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done. The old client %1 no longer works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server may already hold the new secret; the staged slot does: nothing is lost. Resume finds out and finishes once the server answers.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::RotationPage</name>
    <message>
        <source>&amp;Rotate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll &amp;back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A rotation keeps the old credentials for rollback.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A %1 of %2 stopped half-way (%3). The active credentials work; finish it or drop it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credentials stored yet: rotation starts once they are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active credentials %1 (%2), set %3: &lt;b&gt;%4 days old&lt;/b&gt;, %5. Policy: rotate every %6 days (change it in Settings).%7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Rollback copy: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate on the &amp;server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;tire the old client…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server makes the new secret (or a new client); a site administrator signs in once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 profile has no endpoints to rotate on the server: get the new secret from its administrators and use Rotate….</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The old client %1 still works; give it a secret nobody knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The old client %1 still works%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> until it is retired after %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::ScriptsPage</name>
    <message>
        <source>Run a script with the credentials and a valid token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the token (the script never sees the secret):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print a valid token (refreshed when due):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put it in the shell&apos;s environment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exec sets ENV, CLIENT_ID and CLIENT_SECRET (or USERNAME and PASSWORD), the same with the environment&apos;s prefix (PROD_CLIENT_ID…), BIOEPIC_API_BASE_URL, BIOEPIC_ACCESS_TOKEN and BIOEPIC_TOKEN_EXPIRES_AT, for the script alone; nothing is written to disk. load_dotenv() does not replace variables that are already set, so an old .env beside the script no longer matters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import a .env file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write .env.e&amp;xample…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The variable names your scripts read, without values, and the exec line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your scripts can get the credentials of %1 from the keychain instead of a .env file. Run them through one of these commands:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no stored credentials yet: enter them on the Credentials tab, or import the .env file your scripts use now. Then run the scripts with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write .env.example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1: the variable names, no values.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::SearchPage</name>
    <message>
        <source>&amp;All pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent searches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{&quot;ecosystem&quot;: &quot;Soil&quot;, &quot;ph&quot;: {&quot;$gt&quot;: 6}}   or one per line:   ecosystem: Soil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all fields, or e.g. name,ecosystem,ph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records per page: the max_page_size the server is asked for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no page cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: one record by its id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch the page after the last one shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the rows shown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the rows shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected record as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a row to see the record as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ollection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ields:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record i&amp;d:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page si&amp;ze:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 page(s) · %2 record(s) · %3 KB · %4 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Canceled. The %n record(s) already fetched are kept.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1
The %2 record(s) of the pages before are kept; a page token is never retried, so run the search again to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More results are available: Next page fetches one more, All pages the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv);;TSV (*.tsv);;JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file ending in .json, .csv or .tsv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Exported the %1 record(s) shown (of %2) to %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::StepList</name>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::TimelineBar</name>
    <message>
        <source>Token timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issued %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued %1, refresh at %2, expires %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refresh %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::TokenPanel</name>
    <message>
        <source>&amp;Refresh now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check with ser&amp;ver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server clock:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first 8 hex digits of the token&apos;s SHA-256: tells tokens apart without showing one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWT claims (decoded for display, not verified)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asks the server (who-am-I) whether it still accepts the cached token, without getting a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies the access token; the clipboard is cleared after 30 seconds unless you copy something else.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard was cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard had changed since the copy, so it was left alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server accepts the token %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server no longer accepts the token %1 (it said &quot;%2&quot;): it was revoked, or the server&apos;s signing key changed. Refresh now gets a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to check: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
The Diagnose tab checks every step between here and a token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New token %1 received.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token %1 copied. The clipboard is cleared in 30 s unless you copy something else.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No environment selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 profile has no who-am-I endpoint to ask.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credentials for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requesting a token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token yet — press Refresh now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server no longer accepts this token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in step with this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s %2 this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ahead of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last request failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused by the server at %1 · Refresh now gets a new one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid for %1 · refresh in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid for %1 · refresh due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token: the last request failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain is locked: no new token can be requested until it is unlocked (the credentials are kept there).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain is not reachable: no new token can be requested until it is back (the credentials are kept there).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::TrayNotifier</name>
    <message>
        <source>Show BioEPIC Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BioEPIC Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token of %1 expires in %2 and could not be renewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token of %1 has expired and could not be renewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credentials of %1 are due for rotation (%2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>bioepic::ui::WelcomePage</name>
    <message>
        <source>&lt;span style=&apos;font-size:15pt; font-weight:600&apos;&gt;Where are your credentials for?&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the server your scripts talk to. Its client id and secret (or user name and password) go to the system keychain, never to a file; its settings can be changed and it can be removed at any time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a .env file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the CLIENT_ID and CLIENT_SECRET your scripts read from a .env file into the keychain, checked with the server first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account yet? &lt;code&gt;bioepic-credentials --demo&lt;/code&gt; tries everything on a local sandbox server.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
