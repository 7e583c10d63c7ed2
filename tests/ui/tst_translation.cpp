#include "streamstatuswidget.h"
#include "translations.h"
#include "writerwindow.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

QStringList menuTitles(QMainWindow *window)
{
    QStringList titles;
    for (QAction *action : window->menuBar()->actions())
        titles.append(action->text());
    return titles;
}

QStringList actionTexts(QWidget *window)
{
    QStringList texts;
    for (QAction *action : window->findChildren<QAction *>())
        texts.append(action->text());
    return texts;
}

struct TsCounts
{
    int messages = 0;
    int unfinished = 0;
    QStringList problems;
};

TsCounts countMessages(const QString &fileName)
{
    TsCounts counts;
    QFile file(fileName);
    if (!file.open(QFile::ReadOnly)) {
        counts.problems.append(u"cannot open "_s + fileName);
        return counts;
    }
    QXmlStreamReader xml(&file);
    QString source;
    bool numerus = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"message") {
            ++counts.messages;
            numerus = xml.attributes().value(QLatin1StringView("numerus")) == u"yes";
        } else if (xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            const QStringView type = xml.attributes().value(QLatin1StringView("type"));
            if (type == u"unfinished" || type == u"vanished" || type == u"obsolete") {
                ++counts.unfinished;
                counts.problems.append(type.toString() + u": "_s + source);
            }
            if (!numerus) {
                const QString text = xml.readElementText();
                if (text.isEmpty())
                    counts.problems.append(u"empty: "_s + source);
            }
        }
    }
    if (xml.hasError())
        counts.problems.append(xml.errorString());
    return counts;
}

} // namespace

class tst_Translation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void germanTranslation_isInResources();
    void writerWindow_inGerman_showsGermanMenusAndActions();
    void germanTs_everyMessageIsFinished();
    void templateTs_hasNoLanguage();
    void translationLocale_followsLanguageOption();

private:
    QTranslator m_german;
};

void tst_Translation::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_Translation::germanTranslation_isInResources()
{
    QVERIFY(QFile::exists(u":/i18n/codestream_de.qm"_s));
    QVERIFY(m_german.load(u":/i18n/codestream_de.qm"_s));
    QVERIFY(!m_german.isEmpty());
    QCOMPARE(m_german.language(), u"de_DE"_s);
}

void tst_Translation::writerWindow_inGerman_showsGermanMenusAndActions()
{
    {
        ui::WriterWindow english;
        QCOMPARE(menuTitles(&english).constFirst(), u"&File"_s);
    }
    QVERIFY(m_german.load(u":/i18n/codestream_de.qm"_s));
    QVERIFY(QCoreApplication::installTranslator(&m_german));
    ui::WriterWindow window;
    const QStringList titles = menuTitles(&window);
    QCOMPARE(titles.constFirst(), u"&Datei"_s);
    QVERIFY2(titles.contains(u"&Bearbeiten"_s), qPrintable(titles.join(u", ")));
    const QStringList actions = actionTexts(&window);
    QVERIFY2(actions.contains(u"Sitzung &hosten…"_s), qPrintable(actions.join(u", ")));
    QVERIFY2(actions.contains(u"&Beenden"_s), qPrintable(actions.join(u", ")));
    QCOMPARE(window.connectionText(), u"Kein Stream"_s);
    QCOMPARE(ui::StreamStatusWidget::tr("%n watcher(s)", nullptr, 1), u"1 Zuschauer"_s);
    QCOMPARE(ui::StreamStatusWidget::tr("%n watcher(s)", nullptr, 3), u"3 Zuschauer"_s);
    QCoreApplication::removeTranslator(&m_german);
}

void tst_Translation::germanTs_everyMessageIsFinished()
{
    const QString fileName
        = qEnvironmentVariable("CODESTREAM_SOURCE_DIR") + u"/translations/codestream_de.ts"_s;
    const TsCounts counts = countMessages(fileName);
    qInfo("codestream_de.ts: %d messages, %d unfinished", counts.messages, counts.unfinished);
    QVERIFY(counts.messages > 100);
    QVERIFY2(counts.problems.isEmpty(), qPrintable(counts.problems.join(u'\n')));
    QCOMPARE(counts.unfinished, 0);
}

void tst_Translation::templateTs_hasNoLanguage()
{
    QFile file(qEnvironmentVariable("CODESTREAM_SOURCE_DIR") + u"/translations/codestream.ts"_s);
    QVERIFY(file.open(QFile::ReadOnly));
    QXmlStreamReader xml(&file);
    int messages = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == u"TS")
            QVERIFY(xml.attributes().value(QLatin1StringView("language")).isEmpty());
        if (xml.isStartElement() && xml.name() == u"message")
            ++messages;
    }
    QVERIFY(!xml.hasError());
    QVERIFY(messages > 100);
}

void tst_Translation::translationLocale_followsLanguageOption()
{
    QCOMPARE(ui::translationLocale(u"de"_s).language(), QLocale::German);
    qputenv("LANGUAGE", "de_AT:en");
    QCOMPARE(ui::translationLocale(QString()).language(), QLocale::German);
    qunsetenv("LANGUAGE");
}

QTEST_MAIN(tst_Translation)
#include "tst_translation.moc"
