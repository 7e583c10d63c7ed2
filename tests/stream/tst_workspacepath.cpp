#include "stream/workspacepath.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace stream;

class tst_WorkspacePath : public QObject
{
    Q_OBJECT

private slots:
    void resolve_title_data();
    void resolve_title();
    void resolve_symlinkInsidePointingOut_isRefused();
    void resolve_symlinkInsidePointingInside_isAccepted();
    void resolve_danglingSymlink_isRefused();
    void resolve_missingDirectory_isRefused();
};

void tst_WorkspacePath::resolve_title_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<int>("refusal"); // -1: accepted
    QTest::newRow("plain") << QStringLiteral("main.cpp") << -1;
    QTest::newRow("nested") << QStringLiteral("src/util/helper.py") << -1;
    QTest::newRow("dots inside a name") << QStringLiteral("a..b/.hidden") << -1;
    QTest::newRow("unicode") << QStringLiteral("dossier/été.md") << -1;
    QTest::newRow("empty") << QString() << int(PathRefusal::Empty);
    QTest::newRow("../../x") << QStringLiteral("../../x") << int(PathRefusal::DotSegment);
    QTest::newRow("/etc/x") << QStringLiteral("/etc/x") << int(PathRefusal::Absolute);
    QTest::newRow("a/../../x") << QStringLiteral("a/../../x") << int(PathRefusal::DotSegment);
    QTest::newRow("a/./b") << QStringLiteral("a/./b") << int(PathRefusal::DotSegment);
    QTest::newRow("..") << QStringLiteral("..") << int(PathRefusal::DotSegment);
    QTest::newRow("C:\\x") << QStringLiteral("C:\\x") << int(PathRefusal::ForbiddenCharacter);
    QTest::newRow("C:x") << QStringLiteral("C:x") << int(PathRefusal::ForbiddenCharacter);
    QTest::newRow("a\\b") << QStringLiteral("a\\b") << int(PathRefusal::ForbiddenCharacter);
    QTest::newRow("..\\x") << QStringLiteral("..\\x") << int(PathRefusal::ForbiddenCharacter);
    QTest::newRow("NUL") << (QStringLiteral("a") + QChar(u'\0') + QStringLiteral("b"))
                         << int(PathRefusal::ForbiddenCharacter);
    QTest::newRow("newline") << QStringLiteral("a\nb") << int(PathRefusal::ForbiddenCharacter);
    QTest::newRow("DEL") << QStringLiteral("a\x7f") << int(PathRefusal::ForbiddenCharacter);
    QTest::newRow("a//b") << QStringLiteral("a//b") << int(PathRefusal::EmptySegment);
    QTest::newRow("trailing slash") << QStringLiteral("a/") << int(PathRefusal::EmptySegment);
}

void tst_WorkspacePath::resolve_title()
{
    QFETCH(QString, title);
    QFETCH(int, refusal);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const WorkspacePath paths(dir.path());
    const auto resolved = paths.resolve(title);
    if (refusal < 0) {
        QVERIFY(resolved);
        QCOMPARE(*resolved, QDir(dir.path()).absolutePath() + u'/' + title);
    } else {
        QVERIFY(!resolved);
        QCOMPARE(int(resolved.error()), refusal);
        QVERIFY(!describe(resolved.error()).isEmpty());
    }
}

void tst_WorkspacePath::resolve_symlinkInsidePointingOut_isRefused()
{
    QTemporaryDir dir;
    QTemporaryDir outside;
    QVERIFY(dir.isValid() && outside.isValid());
    QVERIFY(QFile::link(outside.path(), dir.filePath(QStringLiteral("out"))));
    QVERIFY(QFile::link(outside.filePath(QStringLiteral("target.txt")),
                        dir.filePath(QStringLiteral("file.txt"))));
    QFile target(outside.filePath(QStringLiteral("target.txt")));
    QVERIFY(target.open(QIODevice::WriteOnly));
    target.close();
    const WorkspacePath paths(dir.path());
    for (const QString &title : {QStringLiteral("out/x"), QStringLiteral("out/a/b"),
                                 QStringLiteral("out"), QStringLiteral("file.txt")}) {
        const auto resolved = paths.resolve(title);
        QVERIFY2(!resolved, qPrintable(title));
        QCOMPARE(resolved.error(), PathRefusal::LeavesDirectory);
    }
}

void tst_WorkspacePath::resolve_symlinkInsidePointingInside_isAccepted()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("real/sub")));
    QVERIFY(
        QFile::link(dir.filePath(QStringLiteral("real")), dir.filePath(QStringLiteral("alias"))));
    const WorkspacePath paths(dir.path());
    QVERIFY(paths.resolve(QStringLiteral("alias/sub/x.txt")));
}

void tst_WorkspacePath::resolve_danglingSymlink_isRefused()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QFile::link(QStringLiteral("/nonexistent/codestream-test"),
                        dir.filePath(QStringLiteral("dangling"))));
    const WorkspacePath paths(dir.path());
    const auto resolved = paths.resolve(QStringLiteral("dangling"));
    QVERIFY(!resolved);
    QCOMPARE(resolved.error(), PathRefusal::LeavesDirectory);
}

void tst_WorkspacePath::resolve_missingDirectory_isRefused()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const WorkspacePath paths(dir.filePath(QStringLiteral("missing")));
    const auto resolved = paths.resolve(QStringLiteral("a.txt"));
    QVERIFY(!resolved);
    QCOMPARE(resolved.error(), PathRefusal::NoDirectory);
}

QTEST_GUILESS_MAIN(tst_WorkspacePath)
#include "tst_workspacepath.moc"
