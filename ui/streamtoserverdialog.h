#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace ui {

// Asks for the CodeStream server to stream to and whether to encrypt the stream end to end.
class StreamToServerDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit StreamToServerDialog(QWidget *parent = nullptr);

    // The address as typed (e.g. https://example.com).
    QString address() const;
    void setAddress(const QString &address);
    bool encrypt() const;
    void setEncrypt(bool encrypt);

private:
    QLineEdit *m_address = nullptr;
    QCheckBox *m_encrypt = nullptr;
};

} // namespace ui
