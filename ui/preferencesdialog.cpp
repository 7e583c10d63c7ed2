#include "preferencesdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ui {

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent)
    , m_fontFamily(new QFontComboBox(this))
    , m_fontSize(new QSpinBox(this))
    , m_theme(new QComboBox(this))
    , m_tabWidth(new QSpinBox(this))
    , m_flushInterval(new QSpinBox(this))
    , m_port(new QSpinBox(this))
    , m_allowNetwork(new QCheckBox(tr("Allow other machines on my network to watch"), this))
    , m_reconnect(new QCheckBox(tr("Reconnect when the connection drops"), this))
    , m_reconnectMaxDelay(new QSpinBox(this))
    , m_rewindHistory(new QSpinBox(this))
{
    setWindowTitle(tr("Preferences"));
    setObjectName(QStringLiteral("preferencesDialog"));

    m_fontFamily->setFontFilters(QFontComboBox::MonospacedFonts);
    m_fontSize->setRange(4, 72);
    m_fontSize->setSuffix(tr(" pt"));
    m_theme->addItem(tr("System"), int(Theme::System));
    m_theme->addItem(tr("Light"), int(Theme::Light));
    m_theme->addItem(tr("Dark"), int(Theme::Dark));
    m_tabWidth->setRange(1, 16);
    m_flushInterval->setRange(10, 5000);
    m_flushInterval->setSingleStep(50);
    m_flushInterval->setSuffix(tr(" ms"));
    m_flushInterval->setToolTip(tr("How often typed changes are sent to watchers."));
    m_port->setRange(1, 65535);
    m_port->setToolTip(tr("If the port is taken, the next free one is used."));
    m_reconnectMaxDelay->setRange(1, 600);
    m_reconnectMaxDelay->setSuffix(tr(" s"));
    connect(m_reconnect, &QCheckBox::toggled, m_reconnectMaxDelay, &QWidget::setEnabled);
    m_rewindHistory->setObjectName(QStringLiteral("rewindHistory"));
    m_rewindHistory->setRange(0, 4096);
    m_rewindHistory->setSingleStep(16);
    m_rewindHistory->setSuffix(tr(" MB"));
    m_rewindHistory->setSpecialValueText(tr("Off"));
    m_rewindHistory->setToolTip(tr("How much of what arrives a watcher window keeps, so that "
                                   "you can rewind it. The oldest part is dropped first."));

    auto *editorBox = new QGroupBox(tr("Editor"), this);
    auto *editorForm = new QFormLayout(editorBox);
    editorForm->addRow(tr("&Font:"), m_fontFamily);
    editorForm->addRow(tr("Font &size:"), m_fontSize);
    editorForm->addRow(tr("&Theme:"), m_theme);
    editorForm->addRow(tr("Ta&b width:"), m_tabWidth);

    auto *streamBox = new QGroupBox(tr("Streaming"), this);
    auto *streamForm = new QFormLayout(streamBox);
    streamForm->addRow(tr("Send changes &every:"), m_flushInterval);
    streamForm->addRow(tr("Default &port:"), m_port);
    streamForm->addRow(m_allowNetwork);
    streamForm->addRow(m_reconnect);
    streamForm->addRow(tr("&Longest wait between attempts:"), m_reconnectMaxDelay);

    auto *watchBox = new QGroupBox(tr("Watching"), this);
    auto *watchForm = new QFormLayout(watchBox);
    watchForm->addRow(tr("Re&wind history:"), m_rewindHistory);

    auto *buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::clicked, this, [this, buttons](QAbstractButton *button) {
        if (buttons->buttonRole(button) == QDialogButtonBox::ResetRole)
            setPreferences(Preferences::defaults());
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(editorBox);
    layout->addWidget(streamBox);
    layout->addWidget(watchBox);
    layout->addWidget(buttons);

    setPreferences(Preferences::defaults());
}

void PreferencesDialog::setPreferences(const Preferences &preferences)
{
    m_font = preferences.font;
    m_fontFamily->setCurrentFont(preferences.font);
    m_fontSize->setValue(preferences.font.pointSize() > 0 ? preferences.font.pointSize() : 10);
    m_theme->setCurrentIndex(m_theme->findData(int(preferences.theme)));
    m_tabWidth->setValue(preferences.tabWidth);
    m_flushInterval->setValue(preferences.flushIntervalMs);
    m_port->setValue(preferences.defaultPort);
    m_allowNetwork->setChecked(preferences.allowNetwork);
    m_reconnect->setChecked(preferences.reconnect);
    m_reconnectMaxDelay->setValue(std::max(1, preferences.reconnectMaxDelayMs / 1000));
    m_reconnectMaxDelay->setEnabled(preferences.reconnect);
    m_rewindHistory->setValue(preferences.rewindHistoryMb);
}

Preferences PreferencesDialog::preferences() const
{
    Preferences preferences;
    preferences.font = m_font;
    preferences.font.setFamily(m_fontFamily->currentFont().family());
    preferences.font.setPointSize(m_fontSize->value());
    preferences.theme = Theme(m_theme->currentData().toInt());
    preferences.tabWidth = m_tabWidth->value();
    preferences.flushIntervalMs = m_flushInterval->value();
    preferences.defaultPort = quint16(m_port->value());
    preferences.allowNetwork = m_allowNetwork->isChecked();
    preferences.reconnect = m_reconnect->isChecked();
    preferences.reconnectMaxDelayMs = m_reconnectMaxDelay->value() * 1000;
    preferences.rewindHistoryMb = m_rewindHistory->value();
    return preferences;
}

} // namespace ui
