#pragma once

class QScrollArea;
class QWidget;

namespace bioepic::ui {

/**
 * @brief @p content inside a frameless scroll area that gives it at least its minimum size:
 * on a small window the page scrolls instead of squeezing its rows on top of each other.
 */
[[nodiscard]] QScrollArea *scrollable(QWidget *content);

/**
 * @brief Makes the top-level @p window tall enough for its layout at its current width (wrapped
 * labels included), within the screen; never shrinks it. For dialogs whose content grows as a
 * flow reports (step details, errors): without it their rows overlap.
 */
void growToFit(QWidget *window);

} // namespace bioepic::ui
