#include "engineio/websocketframe.h"

#include <QTest>

using namespace engineio;

Q_DECLARE_METATYPE(engineio::WebSocketOpcode)
Q_DECLARE_METATYPE(engineio::WebSocketCloseCode)

class tst_WebSocketFrame : public QObject
{
    Q_OBJECT

private slots:
    void encode_lengthForms_matchRfc6455_data();
    void encode_lengthForms_matchRfc6455();
    void encodeClose_carriesCodeAndReason();
    void accept_rfcExample_matches();
    void reader_maskedFrames_yieldMessages_data();
    void reader_maskedFrames_yieldMessages();
    void reader_splitAtEveryByte_yieldsSameMessage();
    void reader_fragmentedText_isJoined_withControlFrameBetween();
    void reader_twoFramesInOneRead_yieldsBoth();
    void reader_invalid_failsWithCloseCode_data();
    void reader_invalid_failsWithCloseCode();
    void reader_oversizedHeader_failsBeforePayloadArrives();
};

namespace {

// A client frame as RFC 6455 requires: masked with `mask`.
QByteArray clientFrame(quint8 first, const QByteArray &payload, bool masked = true,
                       QByteArray mask = QByteArray("\x37\xfa\x21\x3d", 4))
{
    QByteArray frame;
    frame.append(char(first));
    const quint8 maskBit = masked ? 0x80 : 0;
    const qsizetype size = payload.size();
    if (size < 126) {
        frame.append(char(maskBit | size));
    } else if (size <= 0xFFFF) {
        frame.append(char(maskBit | 126));
        frame.append(char(size >> 8));
        frame.append(char(size & 0xFF));
    } else {
        frame.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(size) >> shift) & 0xFF));
    }
    if (!masked)
        return frame + payload;
    frame.append(mask);
    for (qsizetype i = 0; i < size; ++i)
        frame.append(char(payload.at(i) ^ mask.at(i % 4)));
    return frame;
}

} // namespace

void tst_WebSocketFrame::encode_lengthForms_matchRfc6455_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("empty") << 0 << QByteArray("\x81\x00", 2);
    QTest::newRow("125: 7-bit length") << 125 << QByteArray("\x81\x7d", 2);
    QTest::newRow("126: 16-bit length") << 126 << QByteArray("\x81\x7e\x00\x7e", 4);
    QTest::newRow("65535: 16-bit length") << 65535 << QByteArray("\x81\x7e\xff\xff", 4);
    QTest::newRow("65536: 64-bit length")
        << 65536 << QByteArray("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10);
}

void tst_WebSocketFrame::encode_lengthForms_matchRfc6455()
{
    QFETCH(int, size);
    QFETCH(QByteArray, header);
    const QByteArray payload(size, 'a');
    const QByteArray frame = encodeWebSocketFrame(WebSocketOpcode::Text, payload);
    QCOMPARE(frame.left(header.size()), header);
    QCOMPARE(frame.mid(header.size()), payload);
}

void tst_WebSocketFrame::encodeClose_carriesCodeAndReason()
{
    QCOMPARE(encodeWebSocketClose(WebSocketCloseCode::TooBig, "big"),
             QByteArray("\x88\x05\x03\xf1"
                        "big",
                        7));
    // A control frame holds at most 125 bytes: the reason is cut.
    QCOMPARE(encodeWebSocketClose(WebSocketCloseCode::Normal, QByteArray(300, 'r')).size(),
             2 + 125);
}

void tst_WebSocketFrame::accept_rfcExample_matches()
{
    // RFC 6455 §1.3.
    QCOMPARE(webSocketAccept("dGhlIHNhbXBsZSBub25jZQ=="),
             QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

void tst_WebSocketFrame::reader_maskedFrames_yieldMessages_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<WebSocketOpcode>("opcode");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("RFC 6455 5.7 masked Hello")
        << QByteArray("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11) << WebSocketOpcode::Text
        << QByteArray("Hello");
    QTest::newRow("empty text") << clientFrame(0x81, {}) << WebSocketOpcode::Text << QByteArray();
    QTest::newRow("UTF-8 text") << clientFrame(0x81, "4\xe2\x82\xac\xf0\x9f\x98\x80")
                                << WebSocketOpcode::Text
                                << QByteArray("4\xe2\x82\xac\xf0\x9f\x98\x80");
    QTest::newRow("binary with zero bytes")
        << clientFrame(0x82, QByteArray("\x00\x01\xff", 3)) << WebSocketOpcode::Binary
        << QByteArray("\x00\x01\xff", 3);
    QTest::newRow("16-bit length")
        << clientFrame(0x81, QByteArray(300, 'x')) << WebSocketOpcode::Text << QByteArray(300, 'x');
    QTest::newRow("64-bit length") << clientFrame(0x82, QByteArray(70000, 'y'))
                                   << WebSocketOpcode::Binary << QByteArray(70000, 'y');
    QTest::newRow("ping") << clientFrame(0x89, "p") << WebSocketOpcode::Ping << QByteArray("p");
    QTest::newRow("pong") << clientFrame(0x8A, {}) << WebSocketOpcode::Pong << QByteArray();
    QTest::newRow("close with code") << clientFrame(0x88, QByteArray("\x03\xe8", 2))
                                     << WebSocketOpcode::Close << QByteArray("\x03\xe8", 2);
    QTest::newRow("close without code")
        << clientFrame(0x88, {}) << WebSocketOpcode::Close << QByteArray();
}

void tst_WebSocketFrame::reader_maskedFrames_yieldMessages()
{
    QFETCH(QByteArray, wire);
    QFETCH(WebSocketOpcode, opcode);
    QFETCH(QByteArray, payload);
    WebSocketFrameReader reader(1000000);
    reader.append(wire);
    const auto message = reader.next();
    QVERIFY(message);
    QCOMPARE(message->opcode, opcode);
    QCOMPARE(message->payload, payload);
    QVERIFY(!reader.next());
    QVERIFY(!reader.hasError());
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_WebSocketFrame::reader_splitAtEveryByte_yieldsSameMessage()
{
    const QByteArray wire = clientFrame(0x81, QByteArray(200, 'z'));
    for (qsizetype split = 1; split < wire.size(); ++split) {
        WebSocketFrameReader reader(1000);
        reader.append(QByteArrayView(wire).first(split));
        QVERIFY2(!reader.next(), qPrintable(QString::number(split)));
        reader.append(QByteArrayView(wire).sliced(split));
        const auto message = reader.next();
        QVERIFY2(message, qPrintable(QString::number(split)));
        QCOMPARE(message->payload, QByteArray(200, 'z'));
    }
}

void tst_WebSocketFrame::reader_fragmentedText_isJoined_withControlFrameBetween()
{
    WebSocketFrameReader reader(1000);
    reader.append(clientFrame(0x01, "Hel"));
    QVERIFY(!reader.next());
    reader.append(clientFrame(0x89, "ping"));
    reader.append(clientFrame(0x00, "l"));
    reader.append(clientFrame(0x80, "o"));
    const auto ping = reader.next();
    QVERIFY(ping);
    QCOMPARE(ping->opcode, WebSocketOpcode::Ping);
    const auto text = reader.next();
    QVERIFY(text);
    QCOMPARE(text->opcode, WebSocketOpcode::Text);
    QCOMPARE(text->payload, QByteArray("Hello"));
    QVERIFY(!reader.hasError());
}

void tst_WebSocketFrame::reader_twoFramesInOneRead_yieldsBoth()
{
    WebSocketFrameReader reader(1000);
    reader.append(QByteArray(clientFrame(0x81, "2") + clientFrame(0x81, "3probe")));
    QCOMPARE(reader.next()->payload, QByteArray("2"));
    QCOMPARE(reader.next()->payload, QByteArray("3probe"));
    QVERIFY(!reader.next());
}

void tst_WebSocketFrame::reader_invalid_failsWithCloseCode_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<WebSocketCloseCode>("code");
    QTest::newRow("unmasked") << clientFrame(0x81, "hi", false)
                              << WebSocketCloseCode::ProtocolError;
    QTest::newRow("reserved bit") << clientFrame(0xC1, "hi") << WebSocketCloseCode::ProtocolError;
    QTest::newRow("unknown opcode") << clientFrame(0x83, "hi") << WebSocketCloseCode::ProtocolError;
    QTest::newRow("fragmented ping") << clientFrame(0x09, "p") << WebSocketCloseCode::ProtocolError;
    QTest::newRow("ping over 125 bytes")
        << clientFrame(0x89, QByteArray(126, 'p')) << WebSocketCloseCode::ProtocolError;
    QTest::newRow("continuation first")
        << clientFrame(0x80, "x") << WebSocketCloseCode::ProtocolError;
    QTest::newRow("text inside fragmented text")
        << clientFrame(0x01, "a") + clientFrame(0x81, "b") << WebSocketCloseCode::ProtocolError;
    QTest::newRow("close with one byte")
        << clientFrame(0x88, "x") << WebSocketCloseCode::ProtocolError;
    QTest::newRow("invalid UTF-8")
        << clientFrame(0x81, "\xc3\x28") << WebSocketCloseCode::InvalidPayload;
    QTest::newRow("invalid UTF-8 across fragments") << clientFrame(0x01, "\xe2\x82")
            + clientFrame(0x80, "(") << WebSocketCloseCode::InvalidPayload;
    QTest::newRow("over the limit")
        << clientFrame(0x82, QByteArray(101, 'b')) << WebSocketCloseCode::TooBig;
    QTest::newRow("fragments over the limit")
        << clientFrame(0x02, QByteArray(60, 'b')) + clientFrame(0x80, QByteArray(60, 'b'))
        << WebSocketCloseCode::TooBig;
}

void tst_WebSocketFrame::reader_invalid_failsWithCloseCode()
{
    QFETCH(QByteArray, wire);
    QFETCH(WebSocketCloseCode, code);
    WebSocketFrameReader reader(100);
    reader.append(wire);
    while (reader.next()) { }
    QVERIFY(reader.hasError());
    QCOMPARE(reader.errorCode(), code);
    QVERIFY(!reader.errorDetail().isEmpty());
    // Nothing more is read after an error.
    reader.append(clientFrame(0x81, "ok"));
    QVERIFY(!reader.next());
}

void tst_WebSocketFrame::reader_oversizedHeader_failsBeforePayloadArrives()
{
    WebSocketFrameReader reader(1000);
    // A header announcing 2^40 bytes: refused at once, nothing is buffered for it.
    reader.append(QByteArray("\x82\xff\x00\x00\x01\x00\x00\x00\x00\x00", 10));
    QVERIFY(!reader.next());
    QVERIFY(reader.hasError());
    QCOMPARE(reader.errorCode(), WebSocketCloseCode::TooBig);
    QCOMPARE(reader.bufferedBytes(), 0);
}

QTEST_GUILESS_MAIN(tst_WebSocketFrame)
#include "tst_websocketframe.moc"
