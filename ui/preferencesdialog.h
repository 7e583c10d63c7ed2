#pragma once

#include "preferences.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QFontComboBox;
class QSpinBox;

namespace ui {

// Edits the preferences: editor font, theme and tab width, the writer's flush interval, the
// defaults of a hosted session, the reconnect policy and the watcher's rewind history.
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget *parent = nullptr);

    void setPreferences(const Preferences &preferences);
    Preferences preferences() const;

private:
    QFontComboBox *m_fontFamily = nullptr;
    QSpinBox *m_fontSize = nullptr;
    QComboBox *m_theme = nullptr;
    QSpinBox *m_tabWidth = nullptr;
    QSpinBox *m_flushInterval = nullptr;
    QSpinBox *m_port = nullptr;
    QCheckBox *m_allowNetwork = nullptr;
    QCheckBox *m_reconnect = nullptr;
    QSpinBox *m_reconnectMaxDelay = nullptr;
    QSpinBox *m_rewindHistory = nullptr;
    QFont m_font;
};

} // namespace ui
