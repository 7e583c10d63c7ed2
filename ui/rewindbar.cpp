#include "rewindbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ui {

namespace {

int milliseconds(double seconds)
{
    const double ms = std::round(seconds * 1000.0);
    return int(std::clamp(ms, 0.0, double(std::numeric_limits<int>::max())));
}

} // namespace

RewindBar::RewindBar(QWidget *parent)
    : QWidget(parent)
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_label(new QLabel(this))
    , m_backToLive(new QPushButton(tr("Back to &Live"), this))
{
    setObjectName(QStringLiteral("rewindBar"));
    m_slider->setObjectName(QStringLiteral("rewindSlider"));
    m_slider->setToolTip(tr("Drag to see the document as it was; the stream goes on meanwhile"));
    m_label->setObjectName(QStringLiteral("rewindPosition"));
    m_label->setTextFormat(Qt::PlainText);
    m_backToLive->setObjectName(QStringLiteral("backToLive"));
    m_backToLive->setToolTip(tr("Show the writer's current text again"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_label);
    layout->addWidget(m_backToLive);

    connect(m_slider, &QSlider::valueChanged, this, [this](int ms) {
        if (m_updating)
            return;
        if (ms >= m_slider->maximum())
            emit backToLiveRequested();
        else
            emit scrubbed(ms / 1000.0);
    });
    connect(m_backToLive, &QPushButton::clicked, this, &RewindBar::backToLiveRequested);
    setLive(true);
}

void RewindBar::setRange(double first, double last)
{
    m_updating = true;
    m_slider->setRange(milliseconds(first), std::max(milliseconds(first), milliseconds(last)));
    m_updating = false;
    m_slider->setEnabled(m_slider->maximum() > m_slider->minimum());
}

void RewindBar::setPosition(double seconds)
{
    m_updating = true;
    m_slider->setValue(milliseconds(seconds));
    m_updating = false;
}

void RewindBar::setLive(bool live)
{
    m_backToLive->setEnabled(!live);
    m_backToLive->setDefault(!live);
    QFont font = m_label->font();
    font.setBold(!live);
    m_label->setFont(font);
    // A rewound view must not pass for the live one: the bar takes another background.
    setBackgroundRole(live ? QPalette::Window : QPalette::AlternateBase);
    setAutoFillBackground(!live);
}

void RewindBar::setText(const QString &text)
{
    m_label->setText(text);
}

} // namespace ui
