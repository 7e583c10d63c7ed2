#include "mainwindow.h"

#include <Qsci/qsciscintilla.h>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_editor(new QsciScintilla(this))
{
    setCentralWidget(m_editor);
    setWindowTitle(tr("CodeStream"));
    resize(900, 700);
}
