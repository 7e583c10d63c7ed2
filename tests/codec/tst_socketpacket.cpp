#include "socketio/binaryreassembler.h"
#include "socketio/socketpacket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace socketio;

Q_DECLARE_METATYPE(socketio::SocketPacket)
Q_DECLARE_METATYPE(socketio::PacketError)

namespace {

QJsonValue json(const char *text)
{
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray("[") + text + "]");
    return document.array().first();
}

SocketPacket packet(PacketType type, const QString &nsp, std::optional<qint64> id,
                    const QJsonValue &data, const QList<QByteArray> &attachments = {})
{
    SocketPacket p;
    p.type = type;
    p.nsp = nsp;
    p.id = id;
    p.data = data;
    p.attachments = attachments;
    return p;
}

const QString root = QStringLiteral("/");
const QString admin = QStringLiteral("/admin");

} // namespace

class tst_SocketPacket : public QObject
{
    Q_OBJECT

private slots:
    void encode_specPacket_matchesWire_data();
    void encode_specPacket_matchesWire();
    void decode_specWire_yieldsPacket_data();
    void decode_specWire_yieldsPacket();
    void decode_lenientForms_accepted_data();
    void decode_lenientForms_accepted();
    void decode_invalid_fails_data();
    void decode_invalid_fails();
    void decode_maxAttachments_isConfigurable();
    void encode_binaryTypeWithoutAttachments_isPlainType();
    void reassembler_collectsAttachmentsInOrder();
    void reassembler_withoutPendingPacket_failsUnexpected();
    void reassembler_reset_dropsPending();
    void deconstruct_nestedBytes_becomePlaceholders();
    void reconstruct_roundTrip_restoresValue();
    void reconstruct_badPlaceholder_fails_data();
    void reconstruct_badPlaceholder_fails();
    void reconstruct_placeholderFalse_isPlainObject();
};

void tst_SocketPacket::encode_specPacket_matchesWire_data()
{
    QTest::addColumn<SocketPacket>("packet");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<int>("attachments");
    // The socket.io-protocol README's examples.
    QTest::newRow("connect main") << packet(PacketType::Connect, root, {}, QJsonValue::Undefined)
                                  << QByteArray("0") << 0;
    QTest::newRow("connect admin with auth")
        << packet(PacketType::Connect, admin, {}, json(R"({"token":"123"})"))
        << QByteArray(R"(0/admin,{"token":"123"})") << 0;
    QTest::newRow("connect reply")
        << packet(PacketType::Connect, admin, {}, json(R"({"sid":"oSO0OpakMV_3jnilAAAA"})"))
        << QByteArray(R"(0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"})") << 0;
    QTest::newRow("connect error")
        << packet(PacketType::ConnectError, root, {}, json(R"({"message":"Not authorized"})"))
        << QByteArray(R"(4{"message":"Not authorized"})") << 0;
    QTest::newRow("connect error string")
        << packet(PacketType::ConnectError, admin, {}, json(R"("Not authorized")"))
        << QByteArray(R"(4/admin,"Not authorized")") << 0;
    QTest::newRow("disconnect admin")
        << packet(PacketType::Disconnect, admin, {}, QJsonValue::Undefined)
        << QByteArray("1/admin,") << 0;
    QTest::newRow("disconnect main")
        << packet(PacketType::Disconnect, root, {}, QJsonValue::Undefined) << QByteArray("1") << 0;
    QTest::newRow("event") << packet(PacketType::Event, root, {}, json(R"(["foo"])"))
                           << QByteArray(R"(2["foo"])") << 0;
    QTest::newRow("event admin") << packet(PacketType::Event, admin, {}, json(R"(["bar"])"))
                                 << QByteArray(R"(2/admin,["bar"])") << 0;
    QTest::newRow("event with id") << packet(PacketType::Event, root, 12, json(R"(["foo"])"))
                                   << QByteArray(R"(212["foo"])") << 0;
    QTest::newRow("ack") << packet(PacketType::Ack, admin, 13, json(R"(["bar"])"))
                         << QByteArray(R"(3/admin,13["bar"])") << 0;
    QTest::newRow("binary event") << packet(PacketType::Event, root, {},
                                            json(R"(["baz",{"_placeholder":true,"num":0}])"),
                                            {QByteArray("\x01\x02\x03\x04", 4)})
                                  << QByteArray(R"(51-["baz",{"_placeholder":true,"num":0}])") << 1;
    QTest::newRow("binary ack") << packet(PacketType::Ack, admin, 15,
                                          json(R"([{"_placeholder":true,"num":0}])"),
                                          {QByteArray("\x03", 1)})
                                << QByteArray(R"(61-/admin,15[{"_placeholder":true,"num":0}])")
                                << 1;
    QTest::newRow("unicode") << packet(PacketType::Event, QStringLiteral("/é"), 0,
                                       QJsonArray {QStringLiteral("h\u00e9"), QStringLiteral("😀")})
                             << QByteArray("2/\xc3\xa9,0[\"h\xc3\xa9\",\"\xf0\x9f\x98\x80\"]") << 0;
}

void tst_SocketPacket::encode_specPacket_matchesWire()
{
    QFETCH(SocketPacket, packet);
    QFETCH(QByteArray, wire);
    QFETCH(int, attachments);
    const EncodedPacket encoded = encode(packet);
    QCOMPARE(encoded.text, wire);
    QCOMPARE(encoded.attachments, packet.attachments);

    const auto decoded = decode(wire);
    QVERIFY2(decoded.hasValue(), qPrintable(decoded ? QString() : decoded.error().detail));
    QCOMPARE(decoded->expectedAttachments, attachments);
    SocketPacket roundTrip = decoded->packet;
    if (attachments > 0) {
        BinaryReassembler reassembler;
        reassembler.start(*decoded);
        QVERIFY(reassembler.isWaiting());
        for (const QByteArray &bytes : encoded.attachments) {
            auto added = reassembler.addAttachment(bytes);
            QVERIFY(added.hasValue());
            if (added->has_value())
                roundTrip = **added;
        }
        QVERIFY(!reassembler.isWaiting());
        QVERIFY(roundTrip.type == PacketType::BinaryEvent
                || roundTrip.type == PacketType::BinaryAck);
        roundTrip.type
            = roundTrip.type == PacketType::BinaryEvent ? PacketType::Event : PacketType::Ack;
    }
    QCOMPARE(roundTrip, packet);
}

void tst_SocketPacket::decode_specWire_yieldsPacket_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<SocketPacket>("packet");
    QTest::addColumn<int>("attachments");
    QTest::newRow("namespace with a query")
        << QByteArray(R"(0/admin?token=1,{"a":1})")
        << packet(PacketType::Connect, QStringLiteral("/admin?token=1"), {}, json(R"({"a":1})"))
        << 0;
    QTest::newRow("disconnect without comma")
        << QByteArray("1/admin") << packet(PacketType::Disconnect, admin, {}, QJsonValue::Undefined)
        << 0;
    QTest::newRow("numeric event name")
        << QByteArray("2[1,2]") << packet(PacketType::Event, root, {}, json("[1,2]")) << 0;
    QTest::newRow("empty ack args")
        << QByteArray("30[]") << packet(PacketType::Ack, root, 0, json("[]")) << 0;
    QTest::newRow("large id") << QByteArray(R"(29007199254740991["a"])")
                              << packet(PacketType::Event, root, 9007199254740991LL,
                                        json(R"(["a"])"))
                              << 0;
    QTest::newRow("two attachments")
        << QByteArray(
               R"(52-/admin,["b",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}])")
        << packet(PacketType::BinaryEvent, admin, {},
                  json(R"(["b",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}])"))
        << 2;
    QTest::newRow("whitespace in json")
        << QByteArray(R"(2[ "a" , 1 ])") << packet(PacketType::Event, root, {}, json(R"(["a",1])"))
        << 0;
}

void tst_SocketPacket::decode_specWire_yieldsPacket()
{
    QFETCH(QByteArray, wire);
    QFETCH(SocketPacket, packet);
    QFETCH(int, attachments);
    const auto decoded = decode(wire);
    QVERIFY2(decoded.hasValue(), qPrintable(decoded ? QString() : decoded.error().detail));
    QCOMPARE(decoded->packet, packet);
    QCOMPARE(decoded->expectedAttachments, attachments);
}

void tst_SocketPacket::decode_lenientForms_accepted_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("connect empty object") << QByteArray("0{}");
    QTest::newRow("connect error admin") << QByteArray(R"(4/admin,{"data":{"a":1},"message":"x"})");
    QTest::newRow("event with nested values") << QByteArray(R"(2["e",{"a":[1,null,true,"x"]}])");
}

void tst_SocketPacket::decode_lenientForms_accepted()
{
    QFETCH(QByteArray, wire);
    const auto decoded = decode(wire);
    QVERIFY(decoded.hasValue());
    QCOMPARE(encode(decoded->packet).text, wire);
}

void tst_SocketPacket::decode_invalid_fails_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<PacketError>("error");
    QTest::newRow("empty") << QByteArray() << PacketError::Empty;
    QTest::newRow("type 7") << QByteArray(R"(7["a"])") << PacketError::UnknownType;
    QTest::newRow("garbage") << QByteArray("hello") << PacketError::UnknownType;
    QTest::newRow("binary without count")
        << QByteArray(R"(5["a"])") << PacketError::InvalidAttachmentCount;
    QTest::newRow("binary without dash") << QByteArray("51") << PacketError::InvalidAttachmentCount;
    QTest::newRow("binary zero") << QByteArray(R"(50-["a"])")
                                 << PacketError::InvalidAttachmentCount;
    QTest::newRow("binary negative")
        << QByteArray(R"(5-1-["a"])") << PacketError::InvalidAttachmentCount;
    QTest::newRow("binary absurd")
        << QByteArray(R"(599999999999-["a"])") << PacketError::InvalidAttachmentCount;
    QTest::newRow("too many attachments")
        << QByteArray(R"(511-["a"])") << PacketError::TooManyAttachments;
    QTest::newRow("namespace without comma")
        << QByteArray(R"(2/admin["a"])") << PacketError::InvalidNamespace;
    QTest::newRow("namespace not utf8") << QByteArray("1/\xff,") << PacketError::InvalidNamespace;
    QTest::newRow("id overflow") << QByteArray(R"(299999999999999999999["a"])")
                                 << PacketError::InvalidId;
    QTest::newRow("id beyond 2^53")
        << QByteArray(R"(29007199254740992["a"])") << PacketError::InvalidId;
    QTest::newRow("ack without id") << QByteArray(R"(3["a"])") << PacketError::InvalidId;
    QTest::newRow("invalid json") << QByteArray(R"(2["a")") << PacketError::InvalidJson;
    QTest::newRow("truncated json") << QByteArray(R"(2["a",{"b":)") << PacketError::InvalidJson;
    QTest::newRow("two json values") << QByteArray(R"(2["a"],["b"])") << PacketError::InvalidJson;
    QTest::newRow("trailing garbage") << QByteArray(R"(2["a"]x)") << PacketError::InvalidJson;
    QTest::newRow("event not array") << QByteArray(R"(2{"a":1})") << PacketError::InvalidPayload;
    QTest::newRow("event empty array") << QByteArray("2[]") << PacketError::InvalidPayload;
    QTest::newRow("event name object") << QByteArray(R"(2[{}])") << PacketError::InvalidPayload;
    QTest::newRow("event reserved name")
        << QByteArray(R"(2["disconnect"])") << PacketError::InvalidPayload;
    QTest::newRow("event without payload") << QByteArray("2") << PacketError::InvalidPayload;
    QTest::newRow("connect array") << QByteArray("0[]") << PacketError::InvalidPayload;
    QTest::newRow("connect string") << QByteArray(R"(0"a")") << PacketError::InvalidPayload;
    QTest::newRow("disconnect with payload") << QByteArray("1{}") << PacketError::InvalidPayload;
    QTest::newRow("connect error number") << QByteArray("43") << PacketError::InvalidPayload;
    QTest::newRow("ack object") << QByteArray(R"(31{"a":1})") << PacketError::InvalidPayload;
    QTest::newRow("ack without payload") << QByteArray("31") << PacketError::InvalidPayload;
}

void tst_SocketPacket::decode_invalid_fails()
{
    QFETCH(QByteArray, wire);
    QFETCH(PacketError, error);
    const auto decoded = decode(wire);
    QVERIFY(!decoded.hasValue());
    QCOMPARE(decoded.error().error, error);
    QVERIFY(!decoded.error().detail.isEmpty());
}

void tst_SocketPacket::decode_maxAttachments_isConfigurable()
{
    const QByteArray wire = R"(511-["a"])";
    QVERIFY(!decode(wire).hasValue());
    const auto decoded = decode(wire, 11);
    QVERIFY(decoded.hasValue());
    QCOMPARE(decoded->expectedAttachments, 11);
}

void tst_SocketPacket::encode_binaryTypeWithoutAttachments_isPlainType()
{
    QCOMPARE(encode(packet(PacketType::BinaryEvent, root, {}, json(R"(["a"])"))).text,
             QByteArray(R"(2["a"])"));
    QCOMPARE(encode(packet(PacketType::BinaryAck, root, 1, json("[]"))).text, QByteArray("31[]"));
}

void tst_SocketPacket::reassembler_collectsAttachmentsInOrder()
{
    auto header = decode(R"(52-["b",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
    QVERIFY(header.hasValue());
    BinaryReassembler reassembler;
    reassembler.start(*header);
    auto first = reassembler.addAttachment("one");
    QVERIFY(first.hasValue());
    QVERIFY(!first->has_value());
    QVERIFY(reassembler.isWaiting());
    auto second = reassembler.addAttachment("two");
    QVERIFY(second.hasValue());
    QVERIFY(second->has_value());
    QCOMPARE((*second)->attachments, (QList<QByteArray> {"one", "two"}));
    const auto value = reconstruct((*second)->data, (*second)->attachments);
    QVERIFY(value.hasValue());
    QCOMPARE(*value,
             QVariant(QVariantList {QStringLiteral("b"), QByteArray("one"), QByteArray("two")}));

    auto extra = reassembler.addAttachment("three");
    QVERIFY(!extra.hasValue());
    QCOMPARE(extra.error().error, PacketError::UnexpectedAttachment);
}

void tst_SocketPacket::reassembler_withoutPendingPacket_failsUnexpected()
{
    BinaryReassembler reassembler;
    QVERIFY(!reassembler.isWaiting());
    auto added = reassembler.addAttachment("x");
    QVERIFY(!added.hasValue());
    QCOMPARE(added.error().error, PacketError::UnexpectedAttachment);
}

void tst_SocketPacket::reassembler_reset_dropsPending()
{
    auto header = decode(R"(51-["b",{"_placeholder":true,"num":0}])");
    QVERIFY(header.hasValue());
    BinaryReassembler reassembler;
    reassembler.start(*header);
    QVERIFY(reassembler.isWaiting());
    reassembler.reset();
    QVERIFY(!reassembler.isWaiting());
    QVERIFY(!reassembler.addAttachment("x").hasValue());
}

void tst_SocketPacket::deconstruct_nestedBytes_becomePlaceholders()
{
    const QVariantList args {
        QStringLiteral("ev"),
        QVariantMap {{QStringLiteral("a"), QByteArray("A")},
                     {QStringLiteral("list"), QVariantList {1, QByteArray("B")}}},
        QByteArray("C"), QVariant(), true};
    QList<QByteArray> attachments;
    const QJsonValue value = deconstruct(args, &attachments);
    QCOMPARE(attachments, (QList<QByteArray> {"A", "B", "C"}));
    QCOMPARE(
        value,
        json(
            R"(["ev",{"a":{"_placeholder":true,"num":0},"list":[1,{"_placeholder":true,"num":1}]},{"_placeholder":true,"num":2},null,true])"));

    QList<QByteArray> none;
    QCOMPARE(deconstruct(QVariantList {QStringLiteral("x"), 2.5}, &none), json(R"(["x",2.5])"));
    QVERIFY(none.isEmpty());
}

void tst_SocketPacket::reconstruct_roundTrip_restoresValue()
{
    const QVariantList args {QStringLiteral("ev"),
                             QVariantMap {{QStringLiteral("bytes"), QByteArray("\x00\xff", 2)},
                                          {QStringLiteral("text"), QStringLiteral("h\u00e9😀")}},
                             QByteArray()};
    QList<QByteArray> attachments;
    const QJsonValue wire = deconstruct(args, &attachments);
    const auto restored = reconstruct(wire, attachments);
    QVERIFY(restored.hasValue());
    const QVariantList list = restored->toList();
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.at(0).toString(), QStringLiteral("ev"));
    QCOMPARE(list.at(1).toMap().value(QStringLiteral("bytes")).toByteArray(),
             QByteArray("\x00\xff", 2));
    QCOMPARE(list.at(1).toMap().value(QStringLiteral("text")).toString(),
             QStringLiteral("h\u00e9😀"));
    QCOMPARE(list.at(2).metaType().id(), QMetaType::QByteArray);
}

void tst_SocketPacket::reconstruct_badPlaceholder_fails_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("num out of range") << QByteArray(R"([{"_placeholder":true,"num":1}])");
    QTest::newRow("negative num") << QByteArray(R"([{"_placeholder":true,"num":-1}])");
    QTest::newRow("fractional num") << QByteArray(R"([{"_placeholder":true,"num":0.5}])");
    QTest::newRow("string num") << QByteArray(R"([{"_placeholder":true,"num":"0"}])");
    QTest::newRow("missing num") << QByteArray(R"([{"_placeholder":true}])");
    QTest::newRow("nested") << QByteArray(R"({"a":[{"_placeholder":true,"num":7}]})");
}

void tst_SocketPacket::reconstruct_badPlaceholder_fails()
{
    QFETCH(QByteArray, data);
    const auto restored = reconstruct(json(data.constData()), {QByteArray("only")});
    QVERIFY(!restored.hasValue());
    QCOMPARE(restored.error().error, PacketError::InvalidPlaceholder);
}

void tst_SocketPacket::reconstruct_placeholderFalse_isPlainObject()
{
    const auto restored = reconstruct(json(R"({"_placeholder":false,"num":0})"), {});
    QVERIFY(restored.hasValue());
    QCOMPARE(restored->toMap().value(QStringLiteral("num")).toInt(), 0);
}

QTEST_GUILESS_MAIN(tst_SocketPacket)
#include "tst_socketpacket.moc"
