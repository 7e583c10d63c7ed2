#include "scintilladocument.h"

#include <QAccessible>
#include <QTimer>
#include <Qsci/qsciscintilla.h>

namespace ui {

namespace {

constexpr qint64 accessibleDocumentBytes = 256 * 1024;
constexpr unsigned long utf16Index = QsciScintillaBase::SC_LINECHARACTERINDEX_UTF16;

long send(const QsciScintilla *editor, unsigned int message, unsigned long wParam = 0,
          long lParam = 0)
{
    return editor->SendScintilla(message, wParam, lParam);
}

} // namespace

ScintillaDocument::ScintillaDocument(QsciScintilla *editor, QObject *parent)
    : QObject(parent)
    , m_editor(editor)
{
    qRegisterMetaType<ui::EditorChange>();
    connect(m_editor, &QsciScintillaBase::SCN_MODIFIED, this, &ScintillaDocument::onModified);
    attach();
}

ScintillaDocument::~ScintillaDocument() = default;

void ScintillaDocument::attach()
{
    send(m_editor, QsciScintillaBase::SCI_ALLOCATELINECHARACTERINDEX, utf16Index);
    unsigned long mask
        = QsciScintillaBase::SC_MOD_BEFOREINSERT | QsciScintillaBase::SC_MOD_BEFOREDELETE;
    // QScintilla's accessibility events need the insert/delete notifications, which cost
    // O(document) each: keep them only for a screen reader and a small document.
    if (QAccessible::isActive() && byteLength() < accessibleDocumentBytes)
        mask |= QsciScintillaBase::SC_MOD_INSERTTEXT | QsciScintillaBase::SC_MOD_DELETETEXT;
    send(m_editor, QsciScintillaBase::SCI_SETMODEVENTMASK, mask);
}

stream::TextChange EditorChange::toTextChange() const
{
    stream::TextChange change;
    change.range = stream::TextRange {start.line, start.column, end.line, end.column};
    change.rangeOffset = start.offset;
    change.rangeLength = rangeLength;
    change.text = text;
    return change;
}

qsizetype ScintillaDocument::length() const
{
    return lineStart(lineCount() - 1) + lineLength(lineCount() - 1);
}

qsizetype ScintillaDocument::lineStart(int line) const
{
    return send(m_editor, QsciScintillaBase::SCI_INDEXPOSITIONFROMLINE, line, utf16Index);
}

qsizetype ScintillaDocument::lineLength(int line) const
{
    const long start = send(m_editor, QsciScintillaBase::SCI_POSITIONFROMLINE, line);
    const long end = send(m_editor, QsciScintillaBase::SCI_GETLINEENDPOSITION, line);
    if (line + 1 >= lineCount())
        return send(m_editor, QsciScintillaBase::SCI_COUNTCODEUNITS, start, end);
    // The next line's start minus the line break (ASCII: one unit per byte); O(log n).
    const long nextStart = send(m_editor, QsciScintillaBase::SCI_POSITIONFROMLINE, line + 1);
    return lineStart(line + 1) - lineStart(line) - (nextStart - end);
}

long ScintillaDocument::bytePositionOfOffset(qsizetype offset) const
{
    const long line
        = send(m_editor, QsciScintillaBase::SCI_LINEFROMINDEXPOSITION, offset, utf16Index);
    const long start = send(m_editor, QsciScintillaBase::SCI_POSITIONFROMLINE, line);
    return send(m_editor, QsciScintillaBase::SCI_POSITIONRELATIVECODEUNITS, start,
                long(offset - lineStart(int(line))));
}

QString ScintillaDocument::slice(qsizetype offset, qsizetype length) const
{
    const long from = bytePositionOfOffset(offset);
    const long to = length == 0 ? from : bytePositionOfOffset(offset + length);
    return QString::fromUtf8(bytes(from, to));
}

void ScintillaDocument::replace(qsizetype offset, qsizetype length, const QString &text)
{
    flush();
    const long from = bytePositionOfOffset(offset);
    const long to = length == 0 ? from : bytePositionOfOffset(offset + length);
    replaceBytes(from, to, text, send(m_editor, QsciScintillaBase::SCI_LINEFROMPOSITION, from));
}

QString ScintillaDocument::text() const
{
    const long size = send(m_editor, QsciScintillaBase::SCI_GETLENGTH);
    const auto *data = static_cast<const char *>(
        m_editor->SendScintillaPtrResult(QsciScintillaBase::SCI_GETCHARACTERPOINTER));
    return QString::fromUtf8(data, size);
}

void ScintillaDocument::setText(const QString &text)
{
    flush();
    const QByteArray utf8 = text.toUtf8();
    const bool large = utf8.size() > largeDocumentBytes;
    if (large != isLarge()) {
        createScintillaDocument(large);
        emit documentReplaced(large);
    }
    writeBytes(0, long(byteLength()), utf8);
}

void ScintillaDocument::load(const QString &text, bool large)
{
    flush();
    EditorChange change;
    change.end = positionOfByte(byteLength());
    change.rangeLength = change.end.offset;
    change.text = text;

    createScintillaDocument(large);
    emit documentReplaced(large);
    writeBytes(0, 0, text.toUtf8());
    send(m_editor, QsciScintillaBase::SCI_EMPTYUNDOBUFFER);
    send(m_editor, QsciScintillaBase::SCI_SETSAVEPOINT);
    emit changed(change);
}

bool ScintillaDocument::isLarge() const
{
    return send(m_editor, QsciScintillaBase::SCI_GETDOCUMENTOPTIONS)
        & QsciScintillaBase::SC_DOCUMENTOPTION_STYLES_NONE;
}

void ScintillaDocument::createScintillaDocument(bool large)
{
    // Document options are fixed when a Scintilla document is created. QsciScintilla's own
    // QsciDocument bookkeeping is not involved (QsciScintilla::setDocument() is never used).
    const long eolMode = send(m_editor, QsciScintillaBase::SCI_GETEOLMODE);
    const bool collectUndo = send(m_editor, QsciScintillaBase::SCI_GETUNDOCOLLECTION);
    const bool readOnly = m_editor->isReadOnly();
    const unsigned long options = large ? QsciScintillaBase::SC_DOCUMENTOPTION_STYLES_NONE : 0;
    const long document = send(m_editor, QsciScintillaBase::SCI_CREATEDOCUMENT, 0, long(options));
    send(m_editor, QsciScintillaBase::SCI_SETDOCPOINTER, 0, document);
    send(m_editor, QsciScintillaBase::SCI_RELEASEDOCUMENT, 0, document);
    send(m_editor, QsciScintillaBase::SCI_SETEOLMODE, eolMode);
    send(m_editor, QsciScintillaBase::SCI_SETCODEPAGE, QsciScintillaBase::SC_CP_UTF8);
    send(m_editor, QsciScintillaBase::SCI_SETUNDOCOLLECTION, collectUndo ? 1 : 0);
    send(m_editor, QsciScintillaBase::SCI_SETREADONLY, readOnly ? 1 : 0);
    attach();
}

void ScintillaDocument::writeBytes(long from, long to, const QByteArray &utf8)
{
    const bool readOnly = m_editor->isReadOnly();
    m_applyingRemote = true;
    if (readOnly)
        send(m_editor, QsciScintillaBase::SCI_SETREADONLY, 0);
    send(m_editor, QsciScintillaBase::SCI_SETTARGETRANGE, from, to);
    m_editor->SendScintilla(QsciScintillaBase::SCI_REPLACETARGET, uintptr_t(utf8.size()),
                            utf8.constData());
    if (readOnly)
        send(m_editor, QsciScintillaBase::SCI_SETREADONLY, 1);
    m_applyingRemote = false;
}

qint64 ScintillaDocument::byteLength() const
{
    return send(m_editor, QsciScintillaBase::SCI_GETLENGTH);
}

QList<stream::Selection> ScintillaDocument::selections() const
{
    QList<stream::Selection> selections;
    const long count = send(m_editor, QsciScintillaBase::SCI_GETSELECTIONS);
    for (long i = 0; i < count; ++i) {
        const MonacoPosition anchor = positionOfByte(send(
            m_editor, QsciScintillaBase::SCI_GETSELECTIONNANCHOR, static_cast<unsigned long>(i)));
        const MonacoPosition caret = positionOfByte(send(
            m_editor, QsciScintillaBase::SCI_GETSELECTIONNCARET, static_cast<unsigned long>(i)));
        selections.append({anchor.line, anchor.column, caret.line, caret.column});
    }
    return selections;
}

int ScintillaDocument::lineCount() const
{
    return int(send(m_editor, QsciScintillaBase::SCI_GETLINECOUNT));
}

QString ScintillaDocument::eol() const
{
    switch (send(m_editor, QsciScintillaBase::SCI_GETEOLMODE)) {
    case QsciScintillaBase::SC_EOL_CRLF:
        return QStringLiteral("\r\n");
    case QsciScintillaBase::SC_EOL_CR:
        return QStringLiteral("\r");
    default:
        return QStringLiteral("\n");
    }
}

MonacoPosition ScintillaDocument::positionOfByte(qint64 bytePosition) const
{
    const long line = send(m_editor, QsciScintillaBase::SCI_LINEFROMPOSITION, bytePosition);
    const long lineStart = send(m_editor, QsciScintillaBase::SCI_POSITIONFROMLINE, line);
    const long column
        = send(m_editor, QsciScintillaBase::SCI_COUNTCODEUNITS, lineStart, long(bytePosition));
    const long lineIndex
        = send(m_editor, QsciScintillaBase::SCI_INDEXPOSITIONFROMLINE, line, utf16Index);
    return MonacoPosition {int(line) + 1, int(column) + 1, qint64(lineIndex) + column};
}

std::optional<qint64> ScintillaDocument::bytePosition(int line, int column) const
{
    if (line < 1 || line > lineCount() || column < 1)
        return std::nullopt;
    const long lineStart = send(m_editor, QsciScintillaBase::SCI_POSITIONFROMLINE, line - 1);
    const long lineEnd = send(m_editor, QsciScintillaBase::SCI_GETLINEENDPOSITION, line - 1);
    const long position
        = send(m_editor, QsciScintillaBase::SCI_POSITIONRELATIVECODEUNITS, lineStart, column - 1);
    if (position < lineStart || position > lineEnd)
        return std::nullopt;
    // POSITIONRELATIVECODEUNITS stops at the document end and rounds inside a character.
    if (send(m_editor, QsciScintillaBase::SCI_COUNTCODEUNITS, lineStart, position) != column - 1)
        return std::nullopt;
    return position;
}

void ScintillaDocument::replaceBytes(long from, long to, const QString &text, long firstChangedLine)
{
    const long firstVisible = send(m_editor, QsciScintillaBase::SCI_GETFIRSTVISIBLELINE);
    const long firstDocLine
        = send(m_editor, QsciScintillaBase::SCI_DOCLINEFROMVISIBLE, firstVisible);
    const long linesBefore = lineCount();

    const QByteArray utf8 = text.toUtf8();
    writeBytes(from, to, utf8);

    const long added = lineCount() - linesBefore;
    if (m_keepScrollPosition) {
        // Scintilla keeps the first visible line number: shift it by the lines added above
        // so the text the reader is looking at stays where it was.
        if (added != 0 && firstChangedLine < firstDocLine) {
            const long target = std::max(0L, firstDocLine + added);
            send(m_editor, QsciScintillaBase::SCI_SETFIRSTVISIBLELINE,
                 send(m_editor, QsciScintillaBase::SCI_VISIBLEFROMDOCLINE, target));
        }
    } else {
        const long lastLine
            = send(m_editor, QsciScintillaBase::SCI_LINEFROMPOSITION, from + long(utf8.size()));
        m_editor->ensureLineVisible(int(lastLine));
    }
}

void ScintillaDocument::flush()
{
    if (!m_pending)
        return;
    PendingInsert pending = std::move(*m_pending);
    m_pending.reset();
    QString inserted
        = QString::fromUtf8(bytes(pending.position, pending.position + pending.length));
    if (pending.change.text.isEmpty()) {
        pending.change.text = std::move(inserted);
    } else {
        // Inserted between the halves of a CRLF (see onModified()).
        pending.change.text += inserted + u'\n';
    }
    emit changed(pending.change);
}

bool ScintillaDocument::isInsideCrlf(qint64 position) const
{
    return position > 0 && send(m_editor, QsciScintillaBase::SCI_GETCHARAT, position - 1) == '\r'
        && send(m_editor, QsciScintillaBase::SCI_GETCHARAT, position) == '\n';
}

QByteArray ScintillaDocument::bytes(qint64 from, qint64 to) const
{
    if (to <= from)
        return {};
    // GETRANGEPOINTER moves Scintilla's gap only when it lies inside the range; after an
    // insertion the gap sits right after the inserted bytes, so this is O(size of the range).
    const auto *data = reinterpret_cast<const char *>(
        send(m_editor, QsciScintillaBase::SCI_GETRANGEPOINTER, from, long(to - from)));
    return QByteArray(data, to - from);
}

void ScintillaDocument::onModified(int position, int modificationType, const char *, int length,
                                   int, int, int, int, int, int)
{
    if (m_applyingRemote)
        return;
    const bool isBeforeInsert = modificationType & QsciScintillaBase::SC_MOD_BEFOREINSERT;
    const bool isBeforeDelete = modificationType & QsciScintillaBase::SC_MOD_BEFOREDELETE;
    if (!isBeforeInsert && !isBeforeDelete)
        return;
    // The previous insertion is complete and untouched until this edit happens.
    flush();

    EditorChange change;
    change.isUndoing = modificationType & QsciScintillaBase::SC_PERFORMED_UNDO;
    change.isRedoing = modificationType & QsciScintillaBase::SC_PERFORMED_REDO;
    qint64 from = position;
    qint64 to = isBeforeDelete ? qint64(position) + length : qint64(position);
    // Monaco has no position between the "\r" and "\n" of a CRLF: widen such an end over the
    // line break and carry the break's halves in the text.
    const bool startsInsideCrlf = isInsideCrlf(from);
    const bool endsInsideCrlf = isInsideCrlf(to);
    if (startsInsideCrlf) {
        --from;
        change.text = QStringLiteral("\r");
    }
    if (endsInsideCrlf)
        ++to;
    change.start = positionOfByte(from);
    change.end = to == from ? change.start : positionOfByte(to);
    change.rangeLength = change.end.offset - change.start.offset;
    if (isBeforeDelete) {
        if (endsInsideCrlf)
            change.text += u'\n';
        emit changed(change);
        return;
    }
    m_pending = PendingInsert {position, length, std::move(change)};
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QTimer::singleShot(0, this, [this] {
            m_flushScheduled = false;
            flush();
        });
    }
}

} // namespace ui
