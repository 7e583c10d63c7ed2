#include "stream/streammessage.h"

#include <QJsonDocument>
#include <QTest>

using namespace stream;

namespace {

QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", json.constData());
    return document.object();
}

const QByteArray validChange
    = R"({"range":{"startLineNumber":3,"startColumn":5,"endLineNumber":3,)"
      R"("endColumn":9},"rangeOffset":41,"rangeLength":4,"text":"h\u00e9llo"})";

QByteArray deltaWithChange(const QByteArray &change)
{
    return R"({"type":"delta","version":7,"changes":[{"changes":[)" + change
        + R"(],"eol":"\n","versionId":12,"isUndoing":false,"isRedoing":false,"isFlush":false,"isEolChange":false}]})";
}

} // namespace

class tst_StreamMessage : public QObject
{
    Q_OBJECT

private slots:
    void decode_validMessage_roundTrips_data();
    void decode_validMessage_roundTrips();
    void decode_invalidMessage_isRejectedWithTypedError_data();
    void decode_invalidMessage_isRejectedWithTypedError();
    void delta_withSurrogatePair_keepsUtf16Text();
    void encode_delta_hasProtocolShape();
    void encode_sync_isOriginalShape();
};

void tst_StreamMessage::decode_validMessage_roundTrips_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("delta") << deltaWithChange(validChange);
    QTest::newRow("delta without events")
        << QByteArray(R"({"type":"delta","version":0,"changes":[]})");
    QTest::newRow("full") << QByteArray(R"({"type":"full","version":8,"content":"x\r\ny"})");
    QTest::newRow("full with meta") << QByteArray(
        R"({"type":"full","version":0,"content":"","language":"cpp","title":"main.cpp","eol":"\r\n"})");
    QTest::newRow("full part") << QByteArray(
        R"({"type":"full","version":3,"content":"ab","part":1,"parts":2})");
    QTest::newRow("sync") << QByteArray(R"({"data":"sync"})");
    QTest::newRow("cursor") << QByteArray(
        R"({"type":"cursor","version":4,"selections":[{"selectionStartLineNumber":1,"selectionStartColumn":2,"positionLineNumber":3,"positionColumn":4}]})");
    QTest::newRow("meta") << QByteArray(R"({"type":"meta","language":"python","title":"a.py"})");
    QTest::newRow("presence") << QByteArray(R"({"type":"presence","watchers":3})");
}

void tst_StreamMessage::decode_validMessage_roundTrips()
{
    QFETCH(QByteArray, json);
    const QJsonObject object = parse(json);
    auto decoded = decodeMessage(object);
    if (!decoded)
        QFAIL(qPrintable(describe(decoded.error())));
    const QJsonObject encoded = encodeMessage(*decoded);
    QCOMPARE(encoded, object);
    auto again = decodeMessage(encoded);
    QVERIFY(again.hasValue());
    QVERIFY(*again == *decoded);
}

void tst_StreamMessage::decode_invalidMessage_isRejectedWithTypedError_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("error");
    QTest::addColumn<QString>("field");
    const auto row
        = [](const char *name, const QByteArray &json, DecodeError error, const char *field) {
              QTest::newRow(name) << json << int(error) << QString::fromLatin1(field);
          };
    row("empty object", "{}", DecodeError::MissingField, "type");
    row("type not string", R"({"type":1})", DecodeError::WrongType, "type");
    row("unknown type", R"({"type":"hello"})", DecodeError::UnknownType, "type");
    row("data not sync", R"({"data":"hello"})", DecodeError::UnknownType, "data");
    row("data not string", R"({"data":5})", DecodeError::WrongType, "data");
    row("delta no version", R"({"type":"delta","changes":[]})", DecodeError::MissingField,
        "version");
    row("delta version string", R"({"type":"delta","version":"1","changes":[]})",
        DecodeError::WrongType, "version");
    row("delta version fraction", R"({"type":"delta","version":1.5,"changes":[]})",
        DecodeError::WrongType, "version");
    row("delta negative version", R"({"type":"delta","version":-1,"changes":[]})",
        DecodeError::OutOfRange, "version");
    row("delta huge version", R"({"type":"delta","version":1e300,"changes":[]})",
        DecodeError::OutOfRange, "version");
    row("delta no changes", R"({"type":"delta","version":1})", DecodeError::MissingField,
        "changes");
    row("delta changes object", R"({"type":"delta","version":1,"changes":{}})",
        DecodeError::WrongType, "changes");
    row("delta event not object", R"({"type":"delta","version":1,"changes":[1]})",
        DecodeError::WrongType, "changes");
    row("event without changes", R"({"type":"delta","version":1,"changes":[{"eol":"\n"}]})",
        DecodeError::MissingField, "changes");
    row("change not object", deltaWithChange("3"), DecodeError::WrongType, "changes");
    row("change without range", deltaWithChange(R"({"rangeOffset":0,"rangeLength":0,"text":""})"),
        DecodeError::MissingField, "range");
    row("range not object",
        deltaWithChange(R"({"range":[],"rangeOffset":0,"rangeLength":0,"text":""})"),
        DecodeError::WrongType, "range");
    row("line zero",
        deltaWithChange(
            R"({"range":{"startLineNumber":0,"startColumn":1,"endLineNumber":1,"endColumn":1},"rangeOffset":0,"rangeLength":0,"text":""})"),
        DecodeError::OutOfRange, "startLineNumber");
    row("column zero",
        deltaWithChange(
            R"({"range":{"startLineNumber":1,"startColumn":1,"endLineNumber":1,"endColumn":0},"rangeOffset":0,"rangeLength":0,"text":""})"),
        DecodeError::OutOfRange, "endColumn");
    row("range backwards",
        deltaWithChange(
            R"({"range":{"startLineNumber":2,"startColumn":1,"endLineNumber":1,"endColumn":1},"rangeOffset":0,"rangeLength":0,"text":""})"),
        DecodeError::InvalidRange, "range");
    row("range line string",
        deltaWithChange(
            R"({"range":{"startLineNumber":"1","startColumn":1,"endLineNumber":1,"endColumn":1},"rangeOffset":0,"rangeLength":0,"text":""})"),
        DecodeError::WrongType, "startLineNumber");
    row("negative offset",
        deltaWithChange(
            R"({"range":{"startLineNumber":1,"startColumn":1,"endLineNumber":1,"endColumn":1},"rangeOffset":-1,"rangeLength":0,"text":""})"),
        DecodeError::OutOfRange, "rangeOffset");
    row("missing length",
        deltaWithChange(
            R"({"range":{"startLineNumber":1,"startColumn":1,"endLineNumber":1,"endColumn":1},"rangeOffset":0,"text":""})"),
        DecodeError::MissingField, "rangeLength");
    row("text not string",
        deltaWithChange(
            R"({"range":{"startLineNumber":1,"startColumn":1,"endLineNumber":1,"endColumn":1},"rangeOffset":0,"rangeLength":0,"text":null})"),
        DecodeError::WrongType, "text");
    row("missing text",
        deltaWithChange(
            R"({"range":{"startLineNumber":1,"startColumn":1,"endLineNumber":1,"endColumn":1},"rangeOffset":0,"rangeLength":0})"),
        DecodeError::MissingField, "text");
    row("isUndoing not bool",
        R"({"type":"delta","version":1,"changes":[{"changes":[],"isUndoing":"no"}]})",
        DecodeError::WrongType, "isUndoing");
    row("eol not string", R"({"type":"delta","version":1,"changes":[{"changes":[],"eol":1}]})",
        DecodeError::WrongType, "eol");
    row("full no content", R"({"type":"full","version":1})", DecodeError::MissingField, "content");
    row("full content number", R"({"type":"full","version":1,"content":1})", DecodeError::WrongType,
        "content");
    row("full negative version", R"({"type":"full","version":-2,"content":""})",
        DecodeError::OutOfRange, "version");
    row("full language number", R"({"type":"full","version":1,"content":"","language":3})",
        DecodeError::WrongType, "language");
    row("full part without parts", R"({"type":"full","version":1,"content":"","part":0})",
        DecodeError::InvalidParts, "parts");
    row("full part beyond parts", R"({"type":"full","version":1,"content":"","part":2,"parts":2})",
        DecodeError::InvalidParts, "part");
    row("full zero parts", R"({"type":"full","version":1,"content":"","part":0,"parts":0})",
        DecodeError::OutOfRange, "parts");
    row("cursor selections missing", R"({"type":"cursor","version":1})", DecodeError::MissingField,
        "selections");
    row("cursor selection bad",
        R"({"type":"cursor","version":1,"selections":[{"selectionStartLineNumber":0,"selectionStartColumn":1,"positionLineNumber":1,"positionColumn":1}]})",
        DecodeError::OutOfRange, "selectionStartLineNumber");
    row("meta title number", R"({"type":"meta","language":"c","title":5})", DecodeError::WrongType,
        "title");
    row("presence negative", R"({"type":"presence","watchers":-1})", DecodeError::OutOfRange,
        "watchers");
}

void tst_StreamMessage::decode_invalidMessage_isRejectedWithTypedError()
{
    QFETCH(QByteArray, json);
    QFETCH(int, error);
    QFETCH(QString, field);
    auto decoded = decodeMessage(parse(json));
    QVERIFY(!decoded.hasValue());
    QCOMPARE(int(decoded.error().error), error);
    QCOMPARE(decoded.error().field, field);
    QVERIFY(!describe(decoded.error()).isEmpty());
}

void tst_StreamMessage::delta_withSurrogatePair_keepsUtf16Text()
{
    const QJsonObject object = parse(deltaWithChange(
        R"({"range":{"startLineNumber":1,"startColumn":3,"endLineNumber":1,"endColumn":5},"rangeOffset":2,"rangeLength":2,"text":"\ud83d\ude00"})"));
    auto decoded = decodeMessage(object);
    QVERIFY(decoded.hasValue());
    const auto &delta = std::get<DeltaMessage>(*decoded);
    QCOMPARE(delta.changes.at(0).changes.at(0).text.size(), 2);
    QCOMPARE(delta.changes.at(0).changes.at(0).text, QStringLiteral("😀"));
}

void tst_StreamMessage::encode_delta_hasProtocolShape()
{
    DeltaMessage delta;
    delta.version = 7;
    ContentChangeEvent event;
    event.changes.append(TextChange {TextRange {3, 5, 3, 9}, 41, 4, QStringLiteral("héllo")});
    event.versionId = 12;
    delta.changes.append(event);
    const QByteArray json = QJsonDocument(encodeMessage(delta)).toJson(QJsonDocument::Compact);
    QCOMPARE(
        json,
        QByteArray(
            R"({"changes":[{"changes":[{"range":{"endColumn":9,"endLineNumber":3,"startColumn":5,"startLineNumber":3},"rangeLength":4,"rangeOffset":41,"text":"héllo"}],"eol":"\n","isEolChange":false,"isFlush":false,"isRedoing":false,"isUndoing":false,"versionId":12}],"type":"delta","version":7})"));
    QCOMPARE(encodedSize(encodeMessage(delta)), json.size());
}

void tst_StreamMessage::encode_sync_isOriginalShape()
{
    QCOMPARE(encodeMessage(SyncRequest {}), parse(R"({"data":"sync"})"));
}

QTEST_GUILESS_MAIN(tst_StreamMessage)
#include "tst_streammessage.moc"
