// The floor for the GUI's start-up time and idle memory: a Qt Widgets program that shows one empty
// window, as small as a Qt program that opens a window can be.
#include <QApplication>
#include <QWidget>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QWidget window;
    window.setWindowTitle(QStringLiteral("empty window"));
    window.resize(1040, 700);
    window.show();
    return QApplication::exec();
}
