#pragma once

#include "stream/textchange.h"
#include "stream/textdocument.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QsciScintilla;

namespace ui {

// Documents larger than this (UTF-8 bytes) get no lexer and no style storage
// (SC_DOCUMENTOPTION_STYLES_NONE).
inline constexpr qint64 largeDocumentBytes = 8 * 1024 * 1024;

// A position in Monaco's coordinates: 1-based line and column counted in UTF-16 code units,
// plus the 0-based UTF-16 offset from the start of the document.
struct MonacoPosition
{
    int line = 1;
    int column = 1;
    qint64 offset = 0;

    friend bool operator==(const MonacoPosition &, const MonacoPosition &) = default;
};

// One edit in Monaco's IModelContentChange shape, in the coordinates of the document before it.
struct EditorChange
{
    MonacoPosition start;
    MonacoPosition end;
    qint64 rangeLength = 0; // UTF-16 code units replaced
    QString text; // the inserted text
    bool isUndoing = false;
    bool isRedoing = false;

    friend bool operator==(const EditorChange &, const EditorChange &) = default;
    stream::TextChange toTextChange() const;
};

// The bridge between a QScintilla editor and the stream's UTF-16 text changes. It converts the
// editor's own edits (UTF-8 byte positions) into Monaco changes in pre-edit coordinates and
// applies remote changes (through stream::TextDocument) without echoing them back.
//
// Cost per edit is O(log n + size of the change): it narrows Scintilla's modification events to
// SC_MOD_BEFOREINSERT | SC_MOD_BEFOREDELETE (QScintilla's insert/delete notifications walk the
// whole document for accessibility) and uses Scintilla's UTF-16 line index. The bytes of an
// insertion are read at the next notification, or on the next event loop turn, or on flush().
class ScintillaDocument final : public QObject, public stream::TextDocument
{
    Q_OBJECT
public:
    explicit ScintillaDocument(QsciScintilla *editor, QObject *parent = nullptr);
    ~ScintillaDocument() override;

    QsciScintilla *editor() const { return m_editor; }

    // Re-arms the UTF-16 line index and the event mask (needed after the editor's document was
    // replaced with QsciScintilla::setDocument()).
    void attach();

    // stream::TextDocument. Edits made through it are not reported by changed(), and work on a
    // read-only editor. All but text() and setText() cost O(log n + size of the change).
    // The length in UTF-16 code units.
    qsizetype length() const override;
    // The whole text (a copy: meant for full syncs, not per edit).
    QString text() const override;
    // Switches to a style-less Scintilla document above largeDocumentBytes (and back).
    void setText(const QString &text) override;
    // Number of lines (Monaco's line count: an empty document has one line).
    int lineCount() const override;
    // 0-based line's start offset and length (without its line break), in UTF-16 units.
    qsizetype lineStart(int line) const override;
    qsizetype lineLength(int line) const override;
    void replace(qsizetype offset, qsizetype length, const QString &text) override;
    QString slice(qsizetype offset, qsizetype length) const override;
    // The document's end-of-line sequence ("\n", "\r\n" or "\r").
    QString eol() const;

    // Replaces the editor's Scintilla document with a fresh one holding `text` (no undo
    // history, unmodified); a large one stores no styles (SC_DOCUMENTOPTION_STYLES_NONE).
    // Reported by changed() as one change replacing the whole previous text.
    void load(const QString &text, bool large);
    // Whether the Scintilla document stores no styles (a large document).
    bool isLarge() const;
    // The length of the document in UTF-8 bytes.
    qint64 byteLength() const;
    // The editor's selections in Monaco coordinates (the anchor as the selection's start, the
    // caret as its position; an empty selection is a caret), in Scintilla's order.
    QList<stream::Selection> selections() const;

    // Converts a UTF-8 byte position to Monaco coordinates. O(log n + column).
    MonacoPosition positionOfByte(qint64 bytePosition) const;
    // Converts a Monaco line/column to a byte position; nullopt when outside the document.
    std::optional<qint64> bytePosition(int line, int column) const;

    // Keep the first visible text line in view when remote changes add or remove lines above it
    // (on, the default) or let the view follow the remote changes (off: "follow writer").
    void setKeepScrollPosition(bool keep) { m_keepScrollPosition = keep; }

public slots:
    // Reports a pending insertion now (its bytes are still intact until the next edit).
    void flush();

signals:
    // The user (or code other than the stream::TextDocument interface) edited the document.
    void changed(const ui::EditorChange &change);
    // setText() or load() switched the editor to a new Scintilla document: the lexer must be
    // set again.
    void documentReplaced(bool large);

private:
    struct PendingInsert
    {
        qint64 position = 0;
        qint64 length = 0;
        EditorChange change;
    };

    void onModified(int position, int modificationType, const char *text, int length,
                    int linesAdded, int line, int foldNow, int foldPrev, int token,
                    int annotationLinesAdded);
    QByteArray bytes(qint64 from, qint64 to) const;
    long bytePositionOfOffset(qsizetype offset) const;
    void createScintillaDocument(bool large);
    void writeBytes(long from, long to, const QByteArray &utf8);
    void replaceBytes(long from, long to, const QString &text, long firstChangedLine);
    bool isInsideCrlf(qint64 position) const;

    QsciScintilla *m_editor = nullptr;
    std::optional<PendingInsert> m_pending;
    bool m_flushScheduled = false;
    bool m_applyingRemote = false;
    bool m_keepScrollPosition = true;
};

} // namespace ui

Q_DECLARE_METATYPE(ui::EditorChange)
