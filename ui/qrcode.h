#pragma once

#include <QImage>
#include <QString>

namespace ui {

// The QR code of `text` (UTF-8, error correction M) as a black-on-white image with a quiet
// zone, `moduleSize` pixels per module; a null image when the text does not fit a QR code.
QImage qrCodeImage(const QString &text, int moduleSize = 6);

} // namespace ui
