#pragma once

#include <QString>
#include <QWidget>

class QsciScintilla;

namespace ui {

class ScintillaDocument;

// One document of a writer window's tabs: its editor, the bridge that reports its edits to the
// stream, the file it is saved to and its language (docs/protocol.md §14: one file of the
// workspace).
class DocumentTab final : public QWidget
{
    Q_OBJECT
public:
    explicit DocumentTab(QWidget *parent = nullptr);
    ~DocumentTab() override;

    QsciScintilla *editor() const { return m_editor; }
    ScintillaDocument *document() const { return m_document; }
    // The file the document is saved to; empty for an untitled document.
    QString fileName() const { return m_fileName; }
    // The Monaco language id of the document ("plaintext" when unknown).
    QString languageId() const { return m_languageId; }
    // The file's name without its folder, or "untitled.txt".
    QString displayName() const;
    // Whether the document has changes that are not saved to its file.
    bool hasUnsavedChanges() const;
    // An untitled, unmodified, empty document: opening a file may reuse its tab.
    bool isBlank() const;
    // Distinguishes this document's recovery file from the others of this process.
    QString recoveryId() const { return m_recoveryId; }

    // Reads `fileName` into the editor (no undo history, unmodified); false with the reason in
    // `error` when it cannot be read.
    bool loadFile(const QString &fileName, QString *error);
    // Writes the document to `fileName` through QSaveFile (the file on disk stays as it was when
    // that fails) and makes it the document's file.
    bool saveFile(const QString &fileName, QString *error);
    // Shows `text` as this document, belonging to `fileName` (may be empty); `unsaved` marks it
    // as not saved (text recovered after a crash).
    void loadText(const QString &fileName, const QString &text, bool unsaved);

signals:
    // hasUnsavedChanges() changed.
    void modificationChanged(bool modified);
    // The document's file name or language changed (load, Save As, recovery).
    void fileChanged();

private:
    void setFile(const QString &fileName);

    QsciScintilla *m_editor = nullptr;
    ScintillaDocument *m_document = nullptr;
    QString m_fileName;
    QString m_languageId;
    QString m_recoveryId;
    bool m_large = false;
    bool m_restoredUnsaved = false; // text restored from a recovery file, not yet saved
};

} // namespace ui
