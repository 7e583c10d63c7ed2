#pragma once
// Documents shared by the editor and document benchmarks: source-like text of a given size, built
// once per size.

#include <QByteArray>
#include <QString>

#include <benchmark/benchmark.h>

#include <map>

namespace benchdocument {

// Source-like text of about `bytes` bytes: lines of 40 to 80 ASCII characters.
inline QString makeDocument(qint64 bytes)
{
    static const char *const lines[] = {
        "    for (int i = 0; i < count; ++i) {",
        "        total += values[i] * weights[i]; // accumulate the weighted sum",
        "    }",
        "    if (total > threshold && !stopped)",
        "        emit thresholdReached(total, QStringLiteral(\"limit\"));",
        "",
        "static int helperFunction(const QString &name, qsizetype offset)",
        "{",
        "    return name.size() + int(offset) - 1;",
        "}",
    };
    QByteArray text;
    text.reserve(bytes + 100);
    int i = 0;
    while (text.size() < bytes) {
        text += lines[i % 10];
        text += '\n';
        ++i;
    }
    text.truncate(bytes);
    return QString::fromLatin1(text);
}

// Documents are built once per size and reused across the benchmarks' repetitions.
inline const QString &documentText(qint64 bytes)
{
    static std::map<qint64, QString> cache;
    auto it = cache.find(bytes);
    if (it == cache.end())
        it = cache.emplace(bytes, makeDocument(bytes)).first;
    return it->second;
}

// 10 KB, 1 MB and 50 MB, reported in microseconds.
inline void sizeArgs(benchmark::internal::Benchmark *b)
{
    b->Arg(10 << 10)->Arg(1 << 20)->Arg(50 << 20)->Unit(benchmark::kMicrosecond);
}

} // namespace benchdocument
