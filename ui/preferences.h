#pragma once

#include <QFont>

namespace ui {

// The colour theme of the windows and editors.
enum class Theme {
    System,
    Light,
    Dark,
};

// The user's preferences, stored with QSettings and applied to every open window.
struct Preferences
{
    QFont font; // the editor font
    Theme theme = Theme::System;
    int tabWidth = 4;
    int flushIntervalMs = 200; // how often the writer sends its changes
    quint16 defaultPort = 3000; // the port a hosted session tries first
    bool allowNetwork = false; // hosted sessions accept other machines by default
    bool encrypt = false; // streams are end-to-end encrypted (docs/protocol.md §12)
    bool reconnect = true; // reconnect after the connection drops
    int reconnectMaxDelayMs = 3000; // the longest wait between two reconnection attempts
    int rewindHistoryMb = 64; // what a watcher window keeps to rewind (MiB); 0 turns it off

    // The stored preferences, defaults where nothing is stored.
    static Preferences load();
    // Writes the preferences to QSettings.
    void save() const;
    // The preferences nothing has changed: the system's fixed-width font, system theme.
    static Preferences defaults();

    friend bool operator==(const Preferences &, const Preferences &) = default;
};

// Applies the theme to the application palette (the editors follow the palette).
void applyApplicationTheme(Theme theme);

// Applies the preferences to every open writer and watcher window and to the application.
void applyPreferencesEverywhere(const Preferences &preferences);

} // namespace ui
