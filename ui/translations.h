#pragma once

#include <QLocale>

namespace ui {

// Installs the application's translation (from the :/i18n resources) and Qt's own
// (qtbase_*.qm, when installed) for `locale`'s UI languages. Returns whether a translation of
// the application was found; English needs none.
bool installTranslators(const QLocale &locale);

// The locale to translate into: `language` (e.g. "de") when given, otherwise the system's
// (which follows LANGUAGE, LC_ALL, LC_MESSAGES and LANG).
QLocale translationLocale(const QString &language);

} // namespace ui
