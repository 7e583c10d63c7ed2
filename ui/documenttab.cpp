#include "documenttab.h"

#include "editorsetup.h"
#include "scintilladocument.h"

#include "stream/languages.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QSaveFile>
#include <QVBoxLayout>
#include <Qsci/qsciscintilla.h>

namespace ui {

namespace {

int nextRecoveryNumber()
{
    static int number = 0;
    return ++number;
}

// The file messages keep the writer window's translation context.
QString translate(const char *text)
{
    return QCoreApplication::translate("ui::WriterWindow", text);
}

} // namespace

DocumentTab::DocumentTab(QWidget *parent)
    : QWidget(parent)
    , m_editor(new QsciScintilla(this))
    , m_recoveryId(QString::number(QCoreApplication::applicationPid()) + u'-'
                   + QString::number(nextRecoveryNumber()))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);
    setFocusProxy(m_editor);
    configureEditor(m_editor);
    m_document = new ScintillaDocument(m_editor, this);
    connect(m_editor, &QsciScintilla::modificationChanged, this,
            [this](bool modified) { emit modificationChanged(modified || m_restoredUnsaved); });
    connect(m_document, &ScintillaDocument::documentReplaced, this, [this](bool large) {
        m_large = large;
        applyLanguage(m_editor, m_languageId, large);
    });
    setFile(QString());
}

DocumentTab::~DocumentTab() = default;

QString DocumentTab::displayName() const
{
    return m_fileName.isEmpty() ? translate("untitled.txt") : QFileInfo(m_fileName).fileName();
}

bool DocumentTab::hasUnsavedChanges() const
{
    return m_editor->isModified() || m_restoredUnsaved;
}

bool DocumentTab::isBlank() const
{
    return m_fileName.isEmpty() && !hasUnsavedChanges() && m_document->byteLength() == 0;
}

bool DocumentTab::loadFile(const QString &fileName, QString *error)
{
    QFile file(fileName);
    if (!file.open(QFile::ReadOnly)) {
        *error = translate("Cannot read file %1:\n%2.")
                     .arg(QDir::toNativeSeparators(fileName), file.errorString());
        return false;
    }
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    const QByteArray bytes = file.readAll();
    m_large = bytes.size() > largeDocumentBytes;
    m_document->load(QString::fromUtf8(bytes), m_large);
    QGuiApplication::restoreOverrideCursor();
    m_restoredUnsaved = false;
    setFile(fileName);
    return true;
}

bool DocumentTab::saveFile(const QString &fileName, QString *error)
{
    QString message;
    QGuiApplication::setOverrideCursor(Qt::WaitCursor);
    QSaveFile file(fileName);
    if (file.open(QFile::WriteOnly)) {
        const qint64 size = m_document->byteLength();
        const auto *data = reinterpret_cast<const char *>(
            m_editor->SendScintillaPtrResult(QsciScintillaBase::SCI_GETCHARACTERPOINTER));
        if (file.write(data, size) != size || !file.commit())
            message = translate("Cannot write file %1:\n%2.")
                          .arg(QDir::toNativeSeparators(fileName), file.errorString());
    } else {
        message = translate("Cannot open file %1 for writing:\n%2.")
                      .arg(QDir::toNativeSeparators(fileName), file.errorString());
    }
    QGuiApplication::restoreOverrideCursor();
    if (!message.isEmpty()) {
        *error = message;
        return false;
    }
    m_restoredUnsaved = false;
    m_editor->setModified(false);
    setFile(fileName);
    emit modificationChanged(false);
    return true;
}

void DocumentTab::loadText(const QString &fileName, const QString &text, bool unsaved)
{
    m_large = text.size() > largeDocumentBytes;
    m_document->load(text, m_large);
    m_restoredUnsaved = unsaved;
    setFile(fileName);
    emit modificationChanged(hasUnsavedChanges());
}

void DocumentTab::setFile(const QString &fileName)
{
    m_fileName = fileName;
    m_editor->setModified(false);
    m_languageId = stream::languageForFileName(fileName);
    applyLanguage(m_editor, m_languageId, m_large);
    emit fileChanged();
}

} // namespace ui
