#include "util/expected.h"

#include <QList>
#include <QString>
#include <QTest>

#include <type_traits>

using IntList = util::Expected<QList<int>, QString>;

// On an rvalue, value() and operator* hand out an owned value, never a reference into the
// temporary; on a const rvalue they are not callable at all.
static_assert(std::is_same_v<decltype(std::declval<IntList>().value()), QList<int>>);
static_assert(std::is_same_v<decltype(*std::declval<IntList>()), QList<int>>);
static_assert(std::is_same_v<decltype(std::declval<IntList &>().value()), QList<int> &>);
static_assert(std::is_same_v<decltype(*std::declval<const IntList &>()), const QList<int> &>);
template<typename T>
concept DereferenceableRvalue = requires(T &&t)
{
    *std::forward<T>(t);
};
static_assert(!DereferenceableRvalue<const IntList>);
static_assert(DereferenceableRvalue<IntList>);

// util::Expected, the value-or-error result every parser in core returns.
class tst_Expected final : public QObject
{
    Q_OBJECT

private slots:
    void dereference_ofTemporary_staysAliveInRangeFor();
    void value_ofMovedLvalue_movesTheValueOut();
    void error_ofFailure_isKept();
};

namespace {

IntList makeList()
{
    return QList<int> {1, 2, 3};
}

} // namespace

void tst_Expected::dereference_ofTemporary_staysAliveInRangeFor()
{
    int sum = 0;
    for (const int value : *makeList())
        sum += value;
    QCOMPARE(sum, 6);
}

void tst_Expected::value_ofMovedLvalue_movesTheValueOut()
{
    IntList list = makeList();
    QVERIFY(list.hasValue());
    const QList<int> taken = std::move(list).value();
    QCOMPARE(taken, (QList<int> {1, 2, 3}));
}

void tst_Expected::error_ofFailure_isKept()
{
    const IntList failed(QStringLiteral("bad"));
    QVERIFY(!failed);
    QCOMPARE(failed.error(), QStringLiteral("bad"));
}

QTEST_GUILESS_MAIN(tst_Expected)
#include "tst_expected.moc"
