// The floor for the GUI's start-up time and idle memory: a Qt Widgets program that shows one empty
// window, as small as a Qt program that opens a window can be. With --text, the smallest window a
// person would use instead: a menu bar, a line of text and a button (so fonts are loaded, Qt's
// accessibility bridge starts and the menu bar asks for a global menu, all before it is mapped).
#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWidget>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (QApplication::arguments().contains(QStringLiteral("--text"))) {
        QMainWindow window;
        window.setWindowTitle(QStringLiteral("window with text"));
        window.menuBar()
                ->addMenu(QStringLiteral("&File"))
                ->addAction(QStringLiteral("&Quit"), &app, &QApplication::quit);
        auto *central = new QWidget(&window);
        auto *layout = new QVBoxLayout(central);
        layout->addWidget(new QLabel(QStringLiteral("A line of text, as every window has."), central));
        layout->addWidget(new QPushButton(QStringLiteral("&Button"), central));
        window.setCentralWidget(central);
        window.resize(1040, 700);
        window.show();
        return QApplication::exec();
    }
    QWidget window;
    window.setWindowTitle(QStringLiteral("empty window"));
    window.resize(1040, 700);
    window.show();
    return QApplication::exec();
}
