#include "socketio/plainjsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRandomGenerator>
#include <QTest>

using namespace socketio;

namespace {

// What QJsonDocument makes of `text` (any JSON value), or Undefined when it refuses it.
QJsonValue qtRead(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + text + ']', &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1)
        return QJsonValue::Undefined;
    return document.array().first();
}

QByteArray serialized(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
}

QJsonValue randomValue(QRandomGenerator &random, int depth)
{
    static const QString units = QStringLiteral("ab \"\\/\n\r\t\b\f\x01\x1f{}[]:,0");
    switch (random.bounded(depth > 3 ? 4 : 6)) {
    case 0:
        return random.bounded(2) == 0;
    case 1:
        return QJsonValue::Null;
    case 2:
        return qint64(random.bounded(2000000)) - 1000000;
    case 3: {
        QString text;
        for (int i = random.bounded(30); i > 0; --i)
            text += units.at(random.bounded(int(units.size())));
        return text;
    }
    case 4: {
        QJsonArray array;
        for (int i = random.bounded(5); i > 0; --i)
            array.append(randomValue(random, depth + 1));
        return array;
    }
    default: {
        QJsonObject object;
        for (int i = random.bounded(5); i > 0; --i)
            object.insert(QStringLiteral("k%1\n").arg(random.bounded(10)),
                          randomValue(random, depth + 1));
        return object;
    }
    }
}

} // namespace

class tst_PlainJsonReader : public QObject
{
    Q_OBJECT

private slots:
    void read_data();
    void read();
    void read_randomValues_equalQJsonDocument();
    void read_largeFullPart_equalsQJsonDocument();
};

void tst_PlainJsonReader::read_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("taken"); // whether the plain reader gives a value

    QTest::newRow("object") << QByteArray(R"({"type":"full","version":3,"content":"a\nb"})")
                            << true;
    QTest::newRow("array, spaces")
        << QByteArray(" [ 1 , -2 , true , false , null , \"\" ] ") << true;
    QTest::newRow("every escape") << QByteArray(R"("\" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00")")
                                  << true;
    QTest::newRow("lone surrogate escape") << QByteArray(R"("\udc00x")") << true;
    QTest::newRow("nul escape") << QByteArray(R"("a\u0000b")") << true;
    QTest::newRow("empty containers") << QByteArray(R"({"a":[],"b":{}})") << true;
    QTest::newRow("15 digits") << QByteArray("999999999999999") << true;
    QTest::newRow("16 digits") << QByteArray("9999999999999999") << false;
    QTest::newRow("fraction") << QByteArray("1.5") << false;
    QTest::newRow("exponent") << QByteArray("1e3") << false;
    QTest::newRow("minus zero") << QByteArray("-0") << false;
    QTest::newRow("leading zero") << QByteArray("01") << false;
    QTest::newRow("plus") << QByteArray("+1") << false;
    QTest::newRow("non-ASCII") << QByteArray("\"\xc3\xa9\"") << false;
    QTest::newRow("raw control character") << QByteArray("\"a\x01\"") << false;
    QTest::newRow("raw control character after an escape") << QByteArray("\"\\n\x01\"") << false;
    QTest::newRow("duplicate key") << QByteArray(R"({"a":1,"a":2})") << false;
    QTest::newRow("unknown escape") << QByteArray(R"("\x")") << false;
    QTest::newRow("short unicode escape") << QByteArray(R"("\u12")") << false;
    QTest::newRow("bad hex") << QByteArray(R"("\u12g4")") << false;
    QTest::newRow("unterminated string") << QByteArray(R"("abc)") << false;
    QTest::newRow("escape at the end") << QByteArray(R"("abc\)") << false;
    QTest::newRow("trailing comma") << QByteArray("[1,]") << false;
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << false;
    QTest::newRow("trailing garbage") << QByteArray("true x") << false;
    QTest::newRow("truncated word") << QByteArray("tru") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("unclosed array") << QByteArray("[1, 2") << false;
    QByteArray members;
    for (int i = 0; i < 257; ++i)
        members += (i > 0 ? "," : "") + QByteArray("\"k") + QByteArray::number(i) + "\":1";
    QTest::newRow("256 members") << '{' + members.left(members.lastIndexOf(',')) + '}' << true;
    QTest::newRow("257 members") << '{' + members + '}' << false;
    QTest::newRow("deep nesting") << QByteArray(100, '[') + QByteArray(100, ']') << false;
}

void tst_PlainJsonReader::read()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, taken);
    const auto value = readPlainJson(text);
    QCOMPARE(value.has_value(), taken);
    if (value) {
        const QJsonValue expected = qtRead(text);
        QVERIFY(!expected.isUndefined());
        QCOMPARE(*value, expected);
        QCOMPARE(serialized(*value), serialized(expected));
    }
}

void tst_PlainJsonReader::read_randomValues_equalQJsonDocument()
{
    QRandomGenerator random(20261201u);
    for (int round = 0; round < 3000; ++round) {
        const QJsonValue value = randomValue(random, 0);
        const QByteArray text = serialized(value).sliced(1).chopped(1);
        const auto read = readPlainJson(text);
        // Everything QJsonDocument writes from such values is plain: the reader takes it.
        QVERIFY2(read.has_value(), text.constData());
        QCOMPARE(*read, qtRead(text));
        QCOMPARE(serialized(*read), serialized(value));
        // Cut short, it is refused (or read as something QJsonDocument also reads).
        const QByteArray cut = text.left(random.bounded(int(text.size())));
        if (const auto partial = readPlainJson(cut))
            QCOMPARE(*partial, qtRead(cut));
    }
}

void tst_PlainJsonReader::read_largeFullPart_equalsQJsonDocument()
{
    QString content;
    for (int i = 0; content.size() < 1024 * 1024; ++i)
        content += QStringLiteral("    value%1 = compute(\"value\", %1);\t// step\r\n").arg(i);
    const QJsonObject data {{QStringLiteral("type"), QStringLiteral("full")},
                            {QStringLiteral("version"), 12},
                            {QStringLiteral("content"), content},
                            {QStringLiteral("part"), 0},
                            {QStringLiteral("parts"), 20}};
    const QByteArray text = QJsonDocument(QJsonArray {QStringLiteral("editorMessage"), data})
                                .toJson(QJsonDocument::Compact);
    const auto read = readPlainJson(text);
    QVERIFY(read.has_value());
    QCOMPARE(read->toArray().at(1).toObject().value(QLatin1String("content")).toString(), content);
    QCOMPARE(*read, qtRead(text));
}

QTEST_GUILESS_MAIN(tst_PlainJsonReader)
#include "tst_plainjsonreader.moc"
