#include "hostsessiondialog.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ui {

QLabel *encryptionNote(QWidget *parent)
{
    auto *note = new QLabel(
        QCoreApplication::translate("ui::HostSessionDialog",
                                    "The original sample's web page cannot read an encrypted "
                                    "stream; CodeStream's page and app can."),
        parent);
    note->setWordWrap(true);
    return note;
}

HostSessionDialog::HostSessionDialog(QWidget *parent)
    : QDialog(parent)
    , m_port(new QSpinBox(this))
    , m_allowNetwork(new QCheckBox(tr("Allow other machines on my network to watch"), this))
    , m_encrypt(new QCheckBox(tr("&Encrypt end to end"), this))
{
    setWindowTitle(tr("Host Session"));
    m_port->setRange(1, 65535);
    m_port->setValue(3000);
    m_port->setToolTip(tr("If the port is taken, the next free one is used."));

    auto *form = new QFormLayout;
    form->addRow(tr("&Port:"), m_port);
    form->addRow(m_allowNetwork);
    form->addRow(m_encrypt);
    form->addRow(encryptionNote(this));

    auto *hint
        = new QLabel(tr("Watchers open the share link in a browser or in CodeStream."), this);
    hint->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Host"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(buttons);
}

quint16 HostSessionDialog::port() const
{
    return quint16(m_port->value());
}

void HostSessionDialog::setPort(quint16 port)
{
    m_port->setValue(port);
}

bool HostSessionDialog::allowNetwork() const
{
    return m_allowNetwork->isChecked();
}

void HostSessionDialog::setAllowNetwork(bool allow)
{
    m_allowNetwork->setChecked(allow);
}

bool HostSessionDialog::encrypt() const
{
    return m_encrypt->isChecked();
}

void HostSessionDialog::setEncrypt(bool encrypt)
{
    m_encrypt->setChecked(encrypt);
}

QHostAddress HostSessionDialog::bindAddress() const
{
    return allowNetwork() ? QHostAddress(QHostAddress::AnyIPv4)
                          : QHostAddress(QHostAddress::LocalHost);
}

} // namespace ui
