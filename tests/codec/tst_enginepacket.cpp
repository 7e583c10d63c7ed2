#include "engineio/enginepacket.h"

#include <QTest>

using namespace engineio;

Q_DECLARE_METATYPE(engineio::EnginePacket)
Q_DECLARE_METATYPE(engineio::PacketError)

class tst_EnginePacket : public QObject
{
    Q_OBJECT

private slots:
    void encodeFrame_textPacket_isTypeDigitAndData_data();
    void encodeFrame_textPacket_isTypeDigitAndData();
    void decodeTextFrame_wireString_yieldsPacket_data();
    void decodeTextFrame_wireString_yieldsPacket();
    void decodeTextFrame_invalid_fails_data();
    void decodeTextFrame_invalid_fails();
    void binaryFrame_roundTrip_keepsBytes_data();
    void binaryFrame_roundTrip_keepsBytes();
    void encodePayload_specExamples_matchWire_data();
    void encodePayload_specExamples_matchWire();
    void decodePayload_invalid_fails_data();
    void decodePayload_invalid_fails();
    void decodePayload_overMaxPayload_failsTooLarge();
    void handshake_specExample_roundTrips();
    void handshake_withoutUpgrades_isAccepted();
    void handshake_invalid_fails_data();
    void handshake_invalid_fails();
};

void tst_EnginePacket::encodeFrame_textPacket_isTypeDigitAndData_data()
{
    QTest::addColumn<EnginePacket>("packet");
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("open") << EnginePacket::text(PacketType::Open, "{\"sid\":\"x\"}")
                          << QByteArray("0{\"sid\":\"x\"}");
    QTest::newRow("close") << EnginePacket::text(PacketType::Close) << QByteArray("1");
    QTest::newRow("ping") << EnginePacket::text(PacketType::Ping) << QByteArray("2");
    QTest::newRow("ping probe") << EnginePacket::text(PacketType::Ping, "probe")
                                << QByteArray("2probe");
    QTest::newRow("pong") << EnginePacket::text(PacketType::Pong) << QByteArray("3");
    QTest::newRow("message") << EnginePacket::text(PacketType::Message, "hello")
                             << QByteArray("4hello");
    QTest::newRow("message unicode")
        << EnginePacket::text(PacketType::Message, "h\xc3\xa9\xf0\x9f\x98\x80")
        << QByteArray("4h\xc3\xa9\xf0\x9f\x98\x80");
    QTest::newRow("empty message") << EnginePacket::text(PacketType::Message) << QByteArray("4");
    QTest::newRow("upgrade") << EnginePacket::text(PacketType::Upgrade) << QByteArray("5");
    QTest::newRow("noop") << EnginePacket::text(PacketType::Noop) << QByteArray("6");
}

void tst_EnginePacket::encodeFrame_textPacket_isTypeDigitAndData()
{
    QFETCH(EnginePacket, packet);
    QFETCH(QByteArray, wire);
    QCOMPARE(encodeFrame(packet), wire);
    const auto decoded = decodeTextFrame(wire);
    QVERIFY(decoded.hasValue());
    QCOMPARE(*decoded, packet);
}

void tst_EnginePacket::decodeTextFrame_wireString_yieldsPacket_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("message with 0x1e inside") << QByteArray("4a\x1e") << 4 << QByteArray("a\x1e");
    QTest::newRow("close with trailing data") << QByteArray("1x") << 1 << QByteArray("x");
    QTest::newRow("socket.io connect") << QByteArray("40") << 4 << QByteArray("0");
}

void tst_EnginePacket::decodeTextFrame_wireString_yieldsPacket()
{
    QFETCH(QByteArray, wire);
    QFETCH(int, type);
    QFETCH(QByteArray, data);
    const auto decoded = decodeTextFrame(wire);
    QVERIFY(decoded.hasValue());
    QCOMPARE(int(decoded->type), type);
    QCOMPARE(decoded->data, data);
    QVERIFY(!decoded->binary);
}

void tst_EnginePacket::decodeTextFrame_invalid_fails_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<PacketError>("error");
    QTest::newRow("empty") << QByteArray() << PacketError::Empty;
    QTest::newRow("type 7") << QByteArray("7") << PacketError::UnknownType;
    QTest::newRow("letter") << QByteArray("x4") << PacketError::UnknownType;
    QTest::newRow("NUL") << QByteArray("\0", 1) << PacketError::UnknownType;
    QTest::newRow("high byte") << QByteArray("\xff") << PacketError::UnknownType;
    QTest::newRow("binary-looking b") << QByteArray("bAQID") << PacketError::UnknownType;
}

void tst_EnginePacket::decodeTextFrame_invalid_fails()
{
    QFETCH(QByteArray, wire);
    QFETCH(PacketError, error);
    const auto decoded = decodeTextFrame(wire);
    QVERIFY(!decoded.hasValue());
    QCOMPARE(decoded.error().error, error);
    QVERIFY(!decoded.error().detail.isEmpty());
}

void tst_EnginePacket::binaryFrame_roundTrip_keepsBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("1 2 3 4") << QByteArray("\x01\x02\x03\x04", 4);
    QTest::newRow("empty buffer") << QByteArray();
    QTest::newRow("looks like text") << QByteArray("4hello");
    QTest::newRow("all bytes") << [] {
        QByteArray all;
        for (int i = 0; i < 256; ++i)
            all.append(char(i));
        return all;
    }();
}

void tst_EnginePacket::binaryFrame_roundTrip_keepsBytes()
{
    QFETCH(QByteArray, bytes);
    const EnginePacket packet = EnginePacket::binaryMessage(bytes);
    QCOMPARE(encodeFrame(packet), bytes);
    const auto decoded = decodeBinaryFrame(bytes);
    QVERIFY(decoded.hasValue());
    QCOMPARE(*decoded, packet);
    QCOMPARE(decoded->type, PacketType::Message);
    QVERIFY(decoded->binary);
}

void tst_EnginePacket::encodePayload_specExamples_matchWire_data()
{
    QTest::addColumn<QList<EnginePacket>>("packets");
    QTest::addColumn<QByteArray>("wire");
    // The engine.io-protocol README's examples.
    QTest::newRow("hello + 1234 binary")
        << QList<EnginePacket> {EnginePacket::text(PacketType::Message, "hello"),
                                EnginePacket::binaryMessage(QByteArray("\x01\x02\x03\x04", 4))}
        << QByteArray("4hello\x1e"
                      "bAQIDBA==");
    QTest::newRow("three packets")
        << QList<EnginePacket> {EnginePacket::text(PacketType::Message, "hello"),
                                EnginePacket::text(PacketType::Message, "€"),
                                EnginePacket::text(PacketType::Ping)}
        << QByteArray("4hello\x1e"
                      "4€\x1e"
                      "2");
    QTest::newRow("single") << QList<EnginePacket> {EnginePacket::text(PacketType::Noop)}
                            << QByteArray("6");
    QTest::newRow("empty buffer") << QList<EnginePacket> {EnginePacket::binaryMessage({})}
                                  << QByteArray("b");
}

void tst_EnginePacket::encodePayload_specExamples_matchWire()
{
    QFETCH(QList<EnginePacket>, packets);
    QFETCH(QByteArray, wire);
    QCOMPARE(encodePayload(packets), wire);
    const auto decoded = decodePayload(wire);
    QVERIFY(decoded.hasValue());
    QCOMPARE(*decoded, packets);
}

void tst_EnginePacket::decodePayload_invalid_fails_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<PacketError>("error");
    QTest::newRow("empty") << QByteArray() << PacketError::Empty;
    QTest::newRow("trailing separator") << QByteArray("4a\x1e") << PacketError::Empty;
    QTest::newRow("double separator") << QByteArray("4a\x1e\x1e"
                                                    "4b")
                                      << PacketError::Empty;
    QTest::newRow("bad type in second") << QByteArray("4a\x1e"
                                                      "9")
                                        << PacketError::UnknownType;
    QTest::newRow("bad base64") << QByteArray("b!!!") << PacketError::InvalidBase64;
    QTest::newRow("truncated base64") << QByteArray("bAQIDB") << PacketError::InvalidBase64;
}

void tst_EnginePacket::decodePayload_invalid_fails()
{
    QFETCH(QByteArray, wire);
    QFETCH(PacketError, error);
    const auto decoded = decodePayload(wire);
    QVERIFY(!decoded.hasValue());
    QCOMPARE(decoded.error().error, error);
}

void tst_EnginePacket::decodePayload_overMaxPayload_failsTooLarge()
{
    const QByteArray wire = "4" + QByteArray(100, 'x');
    QVERIFY(decodePayload(wire, 101).hasValue());
    const auto tooLarge = decodePayload(wire, 100);
    QVERIFY(!tooLarge.hasValue());
    QCOMPARE(tooLarge.error().error, PacketError::TooLarge);
}

void tst_EnginePacket::handshake_specExample_roundTrips()
{
    const QByteArray wire
        = R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})";
    const auto handshake = Handshake::fromJson(wire);
    QVERIFY(handshake.hasValue());
    QCOMPARE(handshake->sid, QStringLiteral("lv_VI97HAXpY6yYWAAAC"));
    QCOMPARE(handshake->upgrades, QStringList {QStringLiteral("websocket")});
    QCOMPARE(handshake->pingInterval, 25000);
    QCOMPARE(handshake->pingTimeout, 20000);
    QCOMPARE(handshake->maxPayload, 1000000);
    QCOMPARE(handshake->toJson(), wire);
}

void tst_EnginePacket::handshake_withoutUpgrades_isAccepted()
{
    const auto handshake = Handshake::fromJson(
        R"({"sid":"a\"b","pingInterval":300,"pingTimeout":200,"maxPayload":1e6})");
    QVERIFY(handshake.hasValue());
    QCOMPARE(handshake->sid, QStringLiteral("a\"b"));
    QVERIFY(handshake->upgrades.isEmpty());
    QCOMPARE(handshake->maxPayload, 1000000);
    QCOMPARE(Handshake::fromJson(handshake->toJson())->sid, QStringLiteral("a\"b"));
}

void tst_EnginePacket::handshake_invalid_fails_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not json") << QByteArray("{sid:1}");
    QTest::newRow("array") << QByteArray("[]");
    QTest::newRow("truncated") << QByteArray(R"({"sid":"a","pingInterval":3)");
    QTest::newRow("no sid") << QByteArray(R"({"pingInterval":1,"pingTimeout":1,"maxPayload":1})");
    QTest::newRow("numeric sid") << QByteArray(
        R"({"sid":5,"pingInterval":1,"pingTimeout":1,"maxPayload":1})");
    QTest::newRow("no pingInterval") << QByteArray(R"({"sid":"a","pingTimeout":1,"maxPayload":1})");
    QTest::newRow("string pingTimeout")
        << QByteArray(R"({"sid":"a","pingInterval":1,"pingTimeout":"1","maxPayload":1})");
    QTest::newRow("negative maxPayload")
        << QByteArray(R"({"sid":"a","pingInterval":1,"pingTimeout":1,"maxPayload":-1})");
    QTest::newRow("fractional pingInterval")
        << QByteArray(R"({"sid":"a","pingInterval":1.5,"pingTimeout":1,"maxPayload":1})");
    QTest::newRow("upgrades not list") << QByteArray(
        R"({"sid":"a","upgrades":"websocket","pingInterval":1,"pingTimeout":1,"maxPayload":1})");
}

void tst_EnginePacket::handshake_invalid_fails()
{
    QFETCH(QByteArray, json);
    const auto handshake = Handshake::fromJson(json);
    QVERIFY(!handshake.hasValue());
    QCOMPARE(handshake.error().error, PacketError::InvalidHandshake);
}

QTEST_GUILESS_MAIN(tst_EnginePacket)
#include "tst_enginepacket.moc"
