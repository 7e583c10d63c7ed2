#include "preferences.h"

#include "editorsetup.h"
#include "watcherwindow.h"
#include "writerwindow.h"

#include <QApplication>
#include <QFontDatabase>
#include <QPalette>
#include <QSettings>
#include <QStyle>

#include <algorithm>
#include <optional>

namespace ui {

namespace {

QString themeName(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

Theme themeFromName(const QString &name)
{
    if (name == u"light")
        return Theme::Light;
    if (name == u"dark")
        return Theme::Dark;
    return Theme::System;
}

QPalette darkPalette()
{
    QPalette palette;
    const QColor window(0x2b, 0x2b, 0x2b);
    const QColor base(0x1e, 0x1e, 0x1e);
    const QColor text(0xe0, 0xe0, 0xe0);
    const QColor disabled(0x80, 0x80, 0x80);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabled);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::red);
    palette.setColor(QPalette::Link, QColor(0x4a, 0x9e, 0xff));
    palette.setColor(QPalette::Highlight, QColor(0x26, 0x4f, 0x78));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Disabled, QPalette::Text, disabled);
    palette.setColor(QPalette::Disabled, QPalette::WindowText, disabled);
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, disabled);
    return palette;
}

std::optional<QPalette> &systemPalette()
{
    static std::optional<QPalette> palette;
    return palette;
}

} // namespace

Preferences Preferences::defaults()
{
    Preferences preferences;
    preferences.font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    preferences.font.setStyleHint(QFont::Monospace);
    return preferences;
}

Preferences Preferences::load()
{
    const Preferences fallback = defaults();
    QSettings settings;
    Preferences preferences = fallback;
    QFont font;
    const QString fontText = settings.value(QStringLiteral("editor/font")).toString();
    if (!fontText.isEmpty() && font.fromString(fontText))
        preferences.font = font;
    preferences.theme = themeFromName(settings.value(QStringLiteral("editor/theme")).toString());
    preferences.tabWidth = std::clamp(
        settings.value(QStringLiteral("editor/tabWidth"), fallback.tabWidth).toInt(), 1, 16);
    preferences.flushIntervalMs = std::clamp(
        settings.value(QStringLiteral("stream/flushIntervalMs"), fallback.flushIntervalMs).toInt(),
        10, 5000);
    const uint port = settings.value(QStringLiteral("host/port"), fallback.defaultPort).toUInt();
    preferences.defaultPort = port >= 1 && port <= 65535 ? quint16(port) : fallback.defaultPort;
    preferences.allowNetwork
        = settings.value(QStringLiteral("host/allowNetwork"), fallback.allowNetwork).toBool();
    preferences.encrypt
        = settings.value(QStringLiteral("stream/encrypt"), fallback.encrypt).toBool();
    preferences.reconnect
        = settings.value(QStringLiteral("connection/reconnect"), fallback.reconnect).toBool();
    preferences.reconnectMaxDelayMs = std::clamp(
        settings
            .value(QStringLiteral("connection/reconnectMaxDelayMs"), fallback.reconnectMaxDelayMs)
            .toInt(),
        500, 600000);
    preferences.rewindHistoryMb = std::clamp(
        settings.value(QStringLiteral("watcher/rewindHistoryMb"), fallback.rewindHistoryMb).toInt(),
        0, 4096);
    return preferences;
}

void Preferences::save() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("editor/font"), font.toString());
    settings.setValue(QStringLiteral("editor/theme"), themeName(theme));
    settings.setValue(QStringLiteral("editor/tabWidth"), tabWidth);
    settings.setValue(QStringLiteral("stream/flushIntervalMs"), flushIntervalMs);
    settings.setValue(QStringLiteral("host/port"), defaultPort);
    settings.setValue(QStringLiteral("host/allowNetwork"), allowNetwork);
    settings.setValue(QStringLiteral("stream/encrypt"), encrypt);
    settings.setValue(QStringLiteral("connection/reconnect"), reconnect);
    settings.setValue(QStringLiteral("connection/reconnectMaxDelayMs"), reconnectMaxDelayMs);
    settings.setValue(QStringLiteral("watcher/rewindHistoryMb"), rewindHistoryMb);
}

void applyApplicationTheme(Theme theme)
{
    if (!systemPalette())
        systemPalette() = QApplication::palette();
    switch (theme) {
    case Theme::System:
        QApplication::setPalette(*systemPalette());
        break;
    case Theme::Light:
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Theme::Dark:
        QApplication::setPalette(darkPalette());
        break;
    }
}

void applyPreferencesEverywhere(const Preferences &preferences)
{
    applyApplicationTheme(preferences.theme);
    setEditorFont(preferences.font);
    const QWidgetList widgets = QApplication::topLevelWidgets();
    for (QWidget *widget : widgets) {
        if (auto *writer = qobject_cast<WriterWindow *>(widget))
            writer->applyPreferences(preferences);
        else if (auto *watcher = qobject_cast<WatcherWindow *>(widget))
            watcher->applyPreferences(preferences);
    }
}

} // namespace ui
