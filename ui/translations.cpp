#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace ui {

QLocale translationLocale(const QString &language)
{
    if (!language.isEmpty())
        return QLocale(language);
    const QByteArray languageList = qgetenv("LANGUAGE");
    if (!languageList.isEmpty()) {
        const QString first = QString::fromLocal8Bit(languageList).section(u':', 0, 0);
        if (!first.isEmpty())
            return QLocale(first);
    }
    return QLocale::system();
}

bool installTranslators(const QLocale &locale)
{
    auto *qtTranslator = new QTranslator(QCoreApplication::instance());
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    else
        delete qtTranslator;

    auto *translator = new QTranslator(QCoreApplication::instance());
    if (translator->load(locale, QStringLiteral("codestream"), QStringLiteral("_"),
                         QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(translator);
        return true;
    }
    delete translator;
    return false;
}

} // namespace ui
