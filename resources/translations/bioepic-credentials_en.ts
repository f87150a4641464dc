<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>bioepic::ui::EnvironmentListModel</name>
    <message numerus="yes">
        <source>Credentials overdue for rotation by %n day(s).</source>
        <translation>
            <numerusform>Credentials overdue for rotation by %n day.</numerusform>
            <numerusform>Credentials overdue for rotation by %n days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bioepic::ui::HygienePage</name>
    <message numerus="yes">
        <source>Critical — a stored secret others can read (%n)</source>
        <translation>
            <numerusform>Critical — a stored secret others can read (%n)</numerusform>
            <numerusform>Critical — a stored secret others can read (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>High (%n)</source>
        <translation>
            <numerusform>High (%n)</numerusform>
            <numerusform>High (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Medium (%n)</source>
        <translation>
            <numerusform>Medium (%n)</numerusform>
            <numerusform>Medium (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bioepic::ui::SearchPage</name>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Canceled. The %n record(s) already fetched are kept.</source>
        <translation>
            <numerusform>Canceled. The %n record already fetched is kept.</numerusform>
            <numerusform>Canceled. The %n records already fetched are kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n record(s) to %1.</source>
        <translation>
            <numerusform>Exported %n record to %1.</numerusform>
            <numerusform>Exported %n records to %1.</numerusform>
        </translation>
    </message>
</context>
</TS>
