// Share links with the key of an end-to-end encrypted room (docs/protocol.md §12).
#include "stream/sharelink.h"

#include <QTest>

using namespace stream;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(stream::ShareLinkError)

namespace {
const QString keyText = u"a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s"_s; // 32 × 'k'
} // namespace

class tst_ShareLink final : public QObject
{
    Q_OBJECT

private slots:
    void parse_withKey_data();
    void parse_withKey();
    void parse_invalidKey_isRejected_data();
    void parse_invalidKey_isRejected();
    void toUrl_carriesKey_toUrlWithoutKeyDoesNot();
};

void tst_ShareLink::parse_withKey_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("room");
    QTest::addColumn<bool>("hasKey");
    QTest::newRow("no key") << u"http://h:1/#room"_s << u"room"_s << false;
    QTest::newRow("key") << u"http://h:1/#room,"_s + keyText << u"room"_s << true;
    QTest::newRow("spaces around")
        << u"  http://h:1/#room , "_s + keyText + u" "_s << u"room"_s << true;
    QTest::newRow("percent-encoded comma")
        << u"http://h:1/#room%2C"_s + keyText << u"room"_s << true;
    QTest::newRow("last comma counts") << u"http://h:1/#a,b,"_s + keyText << u"a,b"_s << true;
}

void tst_ShareLink::parse_withKey()
{
    QFETCH(QString, text);
    QFETCH(QString, room);
    QFETCH(bool, hasKey);
    const auto parsed = parseShareLink(text);
    QVERIFY(parsed);
    QCOMPARE(parsed->roomId, room);
    QCOMPARE(parsed->origin.toString(), u"http://h:1"_s);
    QCOMPARE(!parsed->key.isNull(), hasKey);
    if (hasKey)
        QCOMPARE(parsed->key.toText(), keyText);
}

void tst_ShareLink::parse_invalidKey_isRejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<ShareLinkError>("error");
    QTest::newRow("empty key") << u"http://h:1/#room,"_s << ShareLinkError::InvalidKey;
    QTest::newRow("short key") << u"http://h:1/#room,"_s + keyText.left(42)
                               << ShareLinkError::InvalidKey;
    QTest::newRow("long key") << u"http://h:1/#room,"_s + keyText + u"A"_s
                              << ShareLinkError::InvalidKey;
    QTest::newRow("standard base64")
        << u"http://h:1/#room,"_s + keyText.left(42) + u"+"_s << ShareLinkError::InvalidKey;
    QTest::newRow("key without room")
        << u"http://h:1/#,"_s + keyText << ShareLinkError::MissingRoom;
}

void tst_ShareLink::parse_invalidKey_isRejected()
{
    QFETCH(QString, text);
    QFETCH(ShareLinkError, error);
    const auto parsed = parseShareLink(text);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error(), error);
    QVERIFY(!describe(error).isEmpty());
}

void tst_ShareLink::toUrl_carriesKey_toUrlWithoutKeyDoesNot()
{
    const ShareLink link {QUrl(u"http://10.0.0.5:3000/x?y"_s), u"k3v9q"_s,
                          *RoomKey::fromText(keyText)};
    QCOMPARE(link.toUrl().toString(), u"http://10.0.0.5:3000/#k3v9q,"_s + keyText);
    QCOMPARE(link.toUrlWithoutKey().toString(), u"http://10.0.0.5:3000/#k3v9q"_s);
    const auto reparsed = parseShareLink(link.toUrl().toString());
    QVERIFY(reparsed);
    QCOMPARE(reparsed->key, link.key);
    const ShareLink keyless {link.origin, link.roomId, {}};
    QCOMPARE(keyless.toUrl(), link.toUrlWithoutKey());
}

QTEST_GUILESS_MAIN(tst_ShareLink)
#include "tst_sharelink.moc"
