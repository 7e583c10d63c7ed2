#pragma once

#include <QDialog>
#include <QHostAddress>

class QCheckBox;
class QLabel;
class QSpinBox;

namespace ui {

// The one line under an "Encrypt end to end" checkbox: who cannot read an encrypted stream.
QLabel *encryptionNote(QWidget *parent);

// Asks how to host a session: the port and whether other machines on the network may connect.
class HostSessionDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit HostSessionDialog(QWidget *parent = nullptr);

    quint16 port() const;
    void setPort(quint16 port);
    bool allowNetwork() const;
    void setAllowNetwork(bool allow);
    // 0.0.0.0 when other machines may connect, 127.0.0.1 otherwise.
    QHostAddress bindAddress() const;
    bool encrypt() const;
    void setEncrypt(bool encrypt);

private:
    QSpinBox *m_port = nullptr;
    QCheckBox *m_allowNetwork = nullptr;
    QCheckBox *m_encrypt = nullptr;
};

} // namespace ui
