// MessageSealer: AES-256-GCM sealing of stream messages (docs/protocol.md §12).
#include "stream/messagesealer.h"
#include "stream/streammessage.h"

#include <QJsonDocument>
#include <QTest>

using namespace stream;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(stream::UnsealError)

namespace {

// The sealed form of `message` as an object, as a receiver's socket hands it over.
QJsonObject sealObject(const MessageSealer &sealer, const QJsonObject &message)
{
    return QJsonDocument::fromJson(
               sealer.sealJson(QJsonDocument(message).toJson(QJsonDocument::Compact)))
        .object();
}

RoomKey keyOf(char fill)
{
    return *RoomKey::fromBytes(QByteArray(RoomKey::byteSize, fill));
}

QJsonObject typicalDelta()
{
    return QJsonDocument::fromJson(
               R"({"type":"delta","version":7,"changes":[{"changes":[{"range":{"startLineNumber":3,)"
               R"("startColumn":5,"endLineNumber":3,"endColumn":9},"rangeOffset":41,)"
               R"("rangeLength":4,"text":"héllo"}],"eol":"\n","versionId":12,)"
               R"("isUndoing":false,"isRedoing":false,"isFlush":false,"isEolChange":false}]})")
        .object();
}

// Flips one bit of byte `index` of a base64url field's decoded bytes and re-encodes it.
QJsonObject flipped(QJsonObject sealed, const QString &field, int index)
{
    constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    QByteArray bytes = QByteArray::fromBase64(sealed.value(field).toString().toLatin1(), base64Url);
    if (index < 0)
        index += int(bytes.size());
    bytes[index] = char(bytes.at(index) ^ 0x01);
    sealed.insert(field, QString::fromLatin1(bytes.toBase64(base64Url)));
    return sealed;
}

} // namespace

class tst_MessageSealer final : public QObject
{
    Q_OBJECT

private slots:
    void seal_thenUnseal_roundTrips_data();
    void seal_thenUnseal_roundTrips();
    void seal_hasExactlyTheFourFields_andFreshIvs();
    void sealJson_isTheEnvelopeText_andOpens_data();
    void sealJson_isTheEnvelopeText_andOpens();
    void sealJson_withoutKey_isEmpty();
    void ct_isCiphertextFollowedByTag();
    void tampered_failsAuthentication_data();
    void tampered_failsAuthentication();
    void garbage_isRejected_data();
    void garbage_isRejected();
    void sealedSize_isExact_andPlainBudgetFits();
    void envelopeBase64_isQtsBase64Url_forEveryTailLength();
    void roomKey_text_roundTrips_andRejectsNonCanonical();
    void roomKey_generate_isRandom();
};

void tst_MessageSealer::seal_thenUnseal_roundTrips_data()
{
    QTest::addColumn<QJsonObject>("message");
    QTest::newRow("delta") << typicalDelta();
    QTest::newRow("sync") << encodeMessage(SyncRequest {});
    QTest::newRow("empty") << QJsonObject {};
    QTest::newRow("large full") << QJsonObject {
        {QStringLiteral("type"), QStringLiteral("full")},
        {QStringLiteral("version"), 3},
        {QStringLiteral("content"), QString(300000, u'é').append(u"😀\u0001"_s)}};
}

void tst_MessageSealer::seal_thenUnseal_roundTrips()
{
    QFETCH(QJsonObject, message);
    const MessageSealer sealer(keyOf('k'), QStringLiteral("room1"));
    const QJsonObject sealed = sealObject(sealer, message);
    QVERIFY(MessageSealer::isSealed(sealed));
    const auto opened = MessageSealer(keyOf('k'), QStringLiteral("room1")).unseal(sealed);
    QVERIFY(opened);
    QCOMPARE(*opened, message);
}

void tst_MessageSealer::sealJson_isTheEnvelopeText_andOpens_data()
{
    seal_thenUnseal_roundTrips_data();
}

void tst_MessageSealer::sealJson_isTheEnvelopeText_andOpens()
{
    QFETCH(QJsonObject, message);
    const MessageSealer sealer(keyOf('k'), QStringLiteral("room1"));
    const QByteArray plain = QJsonDocument(message).toJson(QJsonDocument::Compact);
    const QByteArray a = sealer.sealJson(plain);
    const QByteArray b = sealer.sealJson(plain);
    // docs/protocol.md §12, byte for byte: the fixed shape, 16 characters of IV.
    QVERIFY2(a.startsWith(R"({"type":"sealed","v":1,"iv":")"), a.left(40).constData());
    QCOMPARE(a.mid(45, 8), QByteArray(R"(","ct":")"));
    QVERIFY(a.endsWith(R"("})"));
    QCOMPARE(a.size(), MessageSealer::sealedSize(plain.size()));
    QVERIFY(a != b);
    QVERIFY(!a.contains("delta") && !a.contains("full"));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(a, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    // The same object seal() gives, and it opens with another sealer of the room.
    QCOMPARE(document.object().keys(), sealObject(sealer, message).keys());
    const auto opened
        = MessageSealer(keyOf('k'), QStringLiteral("room1")).unseal(document.object());
    QVERIFY(opened);
    QCOMPARE(*opened, message);
    // Another room (the AAD) does not open it.
    QVERIFY(!MessageSealer(keyOf('k'), QStringLiteral("room2")).unseal(document.object()));
}

void tst_MessageSealer::sealJson_withoutKey_isEmpty()
{
    const MessageSealer sealer(RoomKey(), QStringLiteral("room1"));
    QVERIFY(sealer.sealJson(R"({"type":"sync"})").isEmpty());
}

void tst_MessageSealer::seal_hasExactlyTheFourFields_andFreshIvs()
{
    const MessageSealer sealer(keyOf('k'), QStringLiteral("room1"));
    const QJsonObject a = sealObject(sealer, typicalDelta());
    const QJsonObject b = sealObject(sealer, typicalDelta());
    QCOMPARE(a.keys(),
             (QStringList {QStringLiteral("ct"), QStringLiteral("iv"), QStringLiteral("type"),
                           QStringLiteral("v")}));
    QCOMPARE(a.value(QStringLiteral("v")), QJsonValue(1));
    QCOMPARE(a.value(QStringLiteral("iv")).toString().size(), 16);
    QVERIFY(a.value(QStringLiteral("iv")) != b.value(QStringLiteral("iv")));
    QVERIFY(a.value(QStringLiteral("ct")) != b.value(QStringLiteral("ct")));
    const QByteArray text = QJsonDocument(a).toJson(QJsonDocument::Compact);
    QVERIFY(!text.contains("héllo"));
    QVERIFY(!text.contains("delta"));
}

void tst_MessageSealer::ct_isCiphertextFollowedByTag()
{
    // NIST GCM test case 14 (AES-256, zero key, zero IV, one zero block), no associated data:
    // the layout WebCrypto produces too.
    const MessageSealer sealer(*RoomKey::fromBytes(QByteArray(32, '\0')), QString());
    const QByteArray ct = sealer.sealBytes(QByteArray(16, '\0'), QByteArray(12, '\0'));
    QCOMPARE(ct.toHex(),
             QByteArray("cea7403d4d606b6e074ec5d3baf39d18"
                        "d0d1c8a799996bf0265b98b5d48ab919"));
    const auto opened = sealer.openBytes(ct, QByteArray(12, '\0'));
    QVERIFY(opened);
    QCOMPARE(*opened, QByteArray(16, '\0'));
}

void tst_MessageSealer::tampered_failsAuthentication_data()
{
    QTest::addColumn<QString>("room");
    QTest::addColumn<char>("key");
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("byte");
    QTest::newRow("ct first byte") << u"room1"_s << 'k' << u"ct"_s << 0;
    QTest::newRow("ct middle byte") << u"room1"_s << 'k' << u"ct"_s << 40;
    QTest::newRow("tag last byte") << u"room1"_s << 'k' << u"ct"_s << -1;
    QTest::newRow("tag first byte") << u"room1"_s << 'k' << u"ct"_s << -16;
    QTest::newRow("iv") << u"room1"_s << 'k' << u"iv"_s << 5;
    QTest::newRow("other room (AAD)") << u"room2"_s << 'k' << QString() << 0;
    QTest::newRow("control room as AAD") << u"room1-control"_s << 'k' << QString() << 0;
    QTest::newRow("other key") << u"room1"_s << 'j' << QString() << 0;
}

void tst_MessageSealer::tampered_failsAuthentication()
{
    QFETCH(QString, room);
    QFETCH(char, key);
    QFETCH(QString, field);
    QFETCH(int, byte);
    QJsonObject sealed
        = sealObject(MessageSealer(keyOf('k'), QStringLiteral("room1")), typicalDelta());
    if (!field.isEmpty())
        sealed = flipped(sealed, field, byte);
    const auto opened = MessageSealer(keyOf(key), room).unseal(sealed);
    QVERIFY(!opened);
    QCOMPARE(opened.error(), UnsealError::AuthenticationFailed);
}

void tst_MessageSealer::garbage_isRejected_data()
{
    QTest::addColumn<QJsonObject>("data");
    QTest::addColumn<UnsealError>("error");
    const MessageSealer sealer(keyOf('k'), QStringLiteral("room1"));
    const QJsonObject good = sealObject(sealer, typicalDelta());
    const auto with = [&good](const char *field, const QJsonValue &value) {
        QJsonObject object = good;
        object.insert(QLatin1String(field), value);
        return object;
    };
    const auto without = [&good](const char *field) {
        QJsonObject object = good;
        object.remove(QLatin1String(field));
        return object;
    };
    QTest::newRow("plain delta") << typicalDelta() << UnsealError::NotSealed;
    QTest::newRow("v 2") << with("v", 2) << UnsealError::UnsupportedVersion;
    QTest::newRow("v missing") << without("v") << UnsealError::UnsupportedVersion;
    QTest::newRow("iv missing") << without("iv") << UnsealError::Malformed;
    QTest::newRow("ct missing") << without("ct") << UnsealError::Malformed;
    QTest::newRow("iv not a string") << with("iv", 12) << UnsealError::Malformed;
    QTest::newRow("iv short") << with("iv", u"AAAAAAAAAAA"_s) << UnsealError::Malformed;
    QTest::newRow("iv long") << with("iv", u"AAAAAAAAAAAAAAAAAAAA"_s) << UnsealError::Malformed;
    QTest::newRow("ct bad base64") << with("ct", u"!!!!"_s) << UnsealError::Malformed;
    QTest::newRow("ct standard base64")
        << with("ct", u"ab+/ab+/ab+/ab+/ab+/ab+/"_s) << UnsealError::Malformed;
    QTest::newRow("ct padded") << with("ct", QString(good.value(u"ct"_s).toString() + u"=="_s))
                               << UnsealError::Malformed;
    QTest::newRow("ct shorter than the tag")
        << with("ct", u"AAAAAAAAAAAAAAAAAAAA"_s) << UnsealError::Malformed;
    QTest::newRow("ct empty") << with("ct", QString()) << UnsealError::Malformed;
    const QString goodCt = good.value(u"ct"_s).toString();
    QTest::newRow("ct with a non-ASCII letter")
        << with("ct", QString(goodCt.left(8) + u"\u00e9"_s + goodCt.mid(9)))
        << UnsealError::Malformed;
    QTest::newRow("ct with a letter past Latin-1")
        << with("ct", QString(goodCt.left(8) + u"\u0141"_s + goodCt.mid(9)))
        << UnsealError::Malformed;
    QTest::newRow("ct with a space")
        << with("ct", QString(goodCt.left(8) + u' ' + goodCt.mid(9))) << UnsealError::Malformed;
    QTest::newRow("ct of an impossible length")
        << with("ct", QString(goodCt + u'A')) << UnsealError::Malformed;
    QTest::newRow("iv with a bad letter")
        << with("iv", QString(good.value(u"iv"_s).toString().left(15) + u'.'))
        << UnsealError::Malformed;
    QTest::newRow("ct only a wrong tag")
        << with("ct", u"AAAAAAAAAAAAAAAAAAAAAA"_s) << UnsealError::AuthenticationFailed;
    // Authentic, but not an object: sealed by a peer with the key.
    const QByteArray iv(12, 'i');
    constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    QJsonObject notJson = good;
    notJson.insert(u"iv"_s, QString::fromLatin1(iv.toBase64(base64Url)));
    notJson.insert(u"ct"_s, QString::fromLatin1(sealer.sealBytes("[1,2]", iv).toBase64(base64Url)));
    QTest::newRow("plaintext an array") << notJson << UnsealError::NotJson;
}

void tst_MessageSealer::garbage_isRejected()
{
    QFETCH(QJsonObject, data);
    QFETCH(UnsealError, error);
    const auto opened = MessageSealer(keyOf('k'), QStringLiteral("room1")).unseal(data);
    QVERIFY(!opened);
    QCOMPARE(opened.error(), error);
}

void tst_MessageSealer::sealedSize_isExact_andPlainBudgetFits()
{
    const MessageSealer sealer(keyOf('k'), QStringLiteral("room1"));
    for (int length : {0, 1, 2, 3, 100, 1000, 65537}) {
        const QJsonObject message {{QStringLiteral("c"), QString(length, u'x')}};
        const qint64 plain = QJsonDocument(message).toJson(QJsonDocument::Compact).size();
        const qint64 sealed
            = QJsonDocument(sealObject(sealer, message)).toJson(QJsonDocument::Compact).size();
        QCOMPARE(MessageSealer::sealedSize(plain), sealed);
    }
    for (qint64 bound : {100, 1000, 999810, 1000001}) {
        const qint64 budget = MessageSealer::plainBudget(bound);
        QVERIFY(MessageSealer::sealedSize(budget) <= bound);
        QVERIFY(MessageSealer::sealedSize(budget + 3) > bound);
    }
}

// The envelope's own base64url coder agrees with Qt's, whatever the length modulo 3.
void tst_MessageSealer::envelopeBase64_isQtsBase64Url_forEveryTailLength()
{
    constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    const MessageSealer sealer(keyOf('k'), QStringLiteral("room1"));
    for (int length = 0; length < 12; ++length) {
        const QJsonObject message {{u"type"_s, u"t"_s}, {u"text"_s, QString(length, u'x')}};
        const QJsonObject sealed = sealObject(sealer, message);
        const QByteArray iv
            = QByteArray::fromBase64(sealed.value(u"iv"_s).toString().toLatin1(), base64Url);
        const QByteArray ct
            = QByteArray::fromBase64(sealed.value(u"ct"_s).toString().toLatin1(), base64Url);
        const QByteArray plain = QJsonDocument(message).toJson(QJsonDocument::Compact);
        QCOMPARE(iv.size(), MessageSealer::ivBytes);
        QCOMPARE(sealer.sealBytes(plain, iv), ct);
        QCOMPARE(sealed.value(u"ct"_s).toString(), QString::fromLatin1(ct.toBase64(base64Url)));
        const auto opened = sealer.unseal(sealed);
        QVERIFY(opened);
        QCOMPARE(*opened, message);
    }
}

void tst_MessageSealer::roomKey_text_roundTrips_andRejectsNonCanonical()
{
    const RoomKey key = keyOf('k');
    QCOMPARE(key.toText().size(), RoomKey::textSize);
    QCOMPARE(RoomKey::fromText(key.toText()), std::optional<RoomKey>(key));
    QString nonCanonical = key.toText();
    // The last character carries 2 unused bits: 'r' and 's' decode alike, only one is canonical.
    QCOMPARE(nonCanonical.back(), u's');
    nonCanonical.back() = u't';
    QVERIFY(!RoomKey::fromText(nonCanonical));
    QVERIFY(!RoomKey::fromText(key.toText().left(42)));
    QVERIFY(!RoomKey::fromText(QString(key.toText() + u'A')));
    QVERIFY(!RoomKey::fromText(QString(key.toText().left(42) + u'=')));
    QVERIFY(!RoomKey::fromText(QString(key.toText().left(42) + u'+')));
    QVERIFY(!RoomKey::fromBytes(QByteArray(31, 'x')));
    QVERIFY(RoomKey().isNull());
    QVERIFY(RoomKey().toText().isEmpty());
}

void tst_MessageSealer::roomKey_generate_isRandom()
{
    const RoomKey a = RoomKey::generate();
    const RoomKey b = RoomKey::generate();
    QVERIFY(!a.isNull());
    QCOMPARE(a.bytes().size(), RoomKey::byteSize);
    QVERIFY(!(a == b));
}

QTEST_GUILESS_MAIN(tst_MessageSealer)
#include "tst_messagesealer.moc"
