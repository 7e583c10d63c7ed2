#include "sharepanel.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_SharePanel : public QObject
{
    Q_OBJECT

private slots:
    void newPanel_isHiddenAndCannotCopy();
    void setShareLink_showsLinkAndQrCode_andCopies();
    void setShareLink_empty_clearsAndHides();
    void encryptedLink_copiesWithOrWithoutKey();
};

void tst_SharePanel::newPanel_isHiddenAndCannotCopy()
{
    QMainWindow window;
    auto *panel = new ui::SharePanel(&window);
    window.addDockWidget(Qt::RightDockWidgetArea, panel);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(panel->isHidden());
    QVERIFY(!panel->copyAction()->isEnabled());
    QCOMPARE(panel->copyAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
}

void tst_SharePanel::setShareLink_showsLinkAndQrCode_andCopies()
{
    QMainWindow window;
    auto *panel = new ui::SharePanel(&window);
    window.addDockWidget(Qt::RightDockWidgetArea, panel);
    window.show();
    QSignalSpy copied(panel, &ui::SharePanel::linkCopied);
    const QUrl link(u"http://192.168.1.20:3000/#room7"_s);
    panel->setShareLink(link);

    QVERIFY(panel->isVisible());
    QCOMPARE(panel->shareLink(), link);
    QVERIFY(panel->copyAction()->isEnabled());
    QCOMPARE(panel->findChild<QLineEdit *>()->text(), link.toString());
    const QLabel *qr = panel->findChild<QLabel *>();
    QVERIFY(qr);
    QVERIFY(!qr->pixmap().isNull());
    QCOMPARE(qr->pixmap().width(), qr->pixmap().height());

    QGuiApplication::clipboard()->clear();
    panel->copyAction()->trigger();
    QCOMPARE(copied.count(), 1);
    QCOMPARE(QGuiApplication::clipboard()->text(), link.toString());
}

void tst_SharePanel::setShareLink_empty_clearsAndHides()
{
    QMainWindow window;
    auto *panel = new ui::SharePanel(&window);
    window.addDockWidget(Qt::RightDockWidgetArea, panel);
    window.show();
    panel->setShareLink(QUrl(u"http://127.0.0.1:3000/#room8"_s));
    QVERIFY(panel->isVisible());

    QSignalSpy copied(panel, &ui::SharePanel::linkCopied);
    panel->setShareLink(QUrl());
    QVERIFY(panel->isHidden());
    QVERIFY(!panel->copyAction()->isEnabled());
    QVERIFY(panel->findChild<QLineEdit *>()->text().isEmpty());
    QVERIFY(panel->findChild<QLabel *>()->pixmap().isNull());
    panel->copyLink();
    QCOMPARE(copied.count(), 0);
}

void tst_SharePanel::encryptedLink_copiesWithOrWithoutKey()
{
    QMainWindow window;
    auto *panel = new ui::SharePanel(&window);
    window.addDockWidget(Qt::RightDockWidgetArea, panel);
    window.show();
    QVERIFY(!panel->copyWithoutKeyAction()->isEnabled());
    const QString room = u"http://192.168.1.20:3000/#room7"_s;
    const QUrl link(room + u",a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s"_s);
    panel->setShareLink(link);
    QVERIFY(panel->copyWithoutKeyAction()->isEnabled());
    QCOMPARE(panel->findChild<QLineEdit *>()->text(), link.toString());

    QSignalSpy copied(panel, &ui::SharePanel::linkCopied);
    panel->copyAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), link.toString());
    panel->copyWithoutKeyAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), room);
    QCOMPARE(copied.count(), 2);

    panel->setShareLink(QUrl(room));
    QVERIFY(!panel->copyWithoutKeyAction()->isEnabled());
    QGuiApplication::clipboard()->clear();
    panel->copyLinkWithoutKey();
    QCOMPARE(copied.count(), 2);
}

QTEST_MAIN(tst_SharePanel)
#include "tst_sharepanel.moc"
