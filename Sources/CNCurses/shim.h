#ifndef SIGNALBOX_CNCURSES_SHIM_H
#define SIGNALBOX_CNCURSES_SHIM_H

// SwiftPM ignores pkg-config -D flags, so the wide-character API is switched on here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift 6 cannot read C globals such as stdscr, LINES, COLS, COLORS: typed accessors instead.
static inline WINDOW *sb_stdscr(void) { return stdscr; }
static inline int sb_lines(void) { return LINES; }
static inline int sb_cols(void) { return COLS; }
static inline int sb_colors(void) { return COLORS; }
static inline int sb_color_pairs(void) { return COLOR_PAIRS; }

// MARK: - Start and stop

/// The user's locale (UTF-8 glyphs need it); call before the terminal is initialised.
static inline void sb_setlocale_from_environment(void) { setlocale(LC_ALL, ""); }

/// Initialises curses on stdin/stdout for $TERM. Unlike initscr(), a missing or unknown terminal
/// returns -1 instead of printing and exiting the process.
static inline int sb_start_terminal(void) {
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) return -1;
    set_term(screen);
    return 0;
}

/// Input without line buffering or echo; keypad decoding (arrows, F-keys); `timeout_ms` bounds
/// every key read; a short ESCDELAY so Esc alone is not held back for a second.
static inline void sb_configure_input(int timeout_ms, int escape_delay_ms) {
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(escape_delay_ms);
    wtimeout(stdscr, timeout_ms);
}

static inline void sb_set_read_timeout(int timeout_ms) { wtimeout(stdscr, timeout_ms); }
static inline void sb_hide_cursor(void) { curs_set(0); }
static inline int sb_endwin(void) { return endwin(); }
static inline bool sb_isendwin(void) { return isendwin(); }

// MARK: - Colour

static inline bool sb_has_colors(void) { return has_colors(); }
static inline int sb_start_color(void) { return start_color(); }
/// Lets colour -1 mean "the terminal's own foreground/background".
static inline int sb_use_default_colors(void) { return use_default_colors(); }
static inline bool sb_can_change_color(void) { return can_change_color(); }
/// Redefines palette slot `color`; components are 0–1000.
static inline int sb_init_color(int color, int red, int green, int blue) { return init_extended_color(color, red, green, blue); }
static inline int sb_init_pair(int pair, int foreground, int background) { return init_extended_pair(pair, foreground, background); }

// MARK: - Attributes (macros in curses.h)

static inline unsigned int sb_attr_bold(void) { return (unsigned int)A_BOLD; }
static inline unsigned int sb_attr_dim(void) { return (unsigned int)A_DIM; }
static inline unsigned int sb_attr_underline(void) { return (unsigned int)A_UNDERLINE; }
static inline unsigned int sb_attr_reverse(void) { return (unsigned int)A_REVERSE; }
static inline unsigned int sb_attr_italic(void) { return (unsigned int)A_ITALIC; }

/// Attributes and colour pair for the text written next (extended pairs go through `opts`).
static inline int sb_set_style(unsigned int attributes, int pair) {
    return wattr_set(stdscr, (attr_t)attributes, 0, &pair);
}

// MARK: - Drawing

/// Writes `count` wide characters at row `y`, column `x` (combining marks attach to the character before).
static inline int sb_write(int y, int x, const wchar_t *text, int count) { return mvwaddnwstr(stdscr, y, x, text, count); }
static inline int sb_erase(void) { return werase(stdscr); }
static inline int sb_clear(void) { return wclear(stdscr); }
static inline int sb_refresh(void) {
    wnoutrefresh(stdscr);
    return doupdate();
}
static inline int sb_resizeterm(int lines, int columns) { return resizeterm(lines, columns); }

/// The terminal's real size (TIOCGWINSZ on stdout); 0 when it cannot be read. curses prefers
/// exported LINES/COLUMNS over it, which would pin the size and hide every resize.
static inline int sb_terminal_size(int *lines, int *columns) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    *lines = size.ws_row;
    *columns = size.ws_col;
    return 0;
}
static inline int sb_height(void) { return getmaxy(stdscr); }
static inline int sb_width(void) { return getmaxx(stdscr); }

// MARK: - Keys

/// Reads one key: returns OK (a character in *key), KEY_CODE_YES (a KEY_* code in *key) or ERR (timeout).
static inline int sb_read_key(unsigned int *key) {
    wint_t value = 0;
    int result = wget_wch(stdscr, &value);
    *key = (unsigned int)value;
    return result;
}
static inline int sb_ok(void) { return OK; }
static inline int sb_key_code_yes(void) { return KEY_CODE_YES; }
static inline int sb_key_up(void) { return KEY_UP; }
static inline int sb_key_down(void) { return KEY_DOWN; }
static inline int sb_key_left(void) { return KEY_LEFT; }
static inline int sb_key_right(void) { return KEY_RIGHT; }
static inline int sb_key_page_up(void) { return KEY_PPAGE; }
static inline int sb_key_page_down(void) { return KEY_NPAGE; }
static inline int sb_key_home(void) { return KEY_HOME; }
static inline int sb_key_end(void) { return KEY_END; }
static inline int sb_key_back_tab(void) { return KEY_BTAB; }
static inline int sb_key_backspace(void) { return KEY_BACKSPACE; }
static inline int sb_key_enter(void) { return KEY_ENTER; }
static inline int sb_key_resize(void) { return KEY_RESIZE; }
static inline int sb_key_f0(void) { return KEY_F0; }

// MARK: - Fatal signals

/// Installs `handler` for `signal_number`, saving the previous action in `previous`, so the handler
/// can restore the terminal and then hand the signal on (e.g. to the Swift runtime's backtracer).
static inline int sb_catch_signal(int signal_number, void (*handler)(int), struct sigaction *previous) {
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_NODEFER;
    action.sa_handler = handler;
    return sigaction(signal_number, &action, previous);
}

/// Puts back an action saved by `sb_catch_signal`.
static inline int sb_restore_signal(int signal_number, const struct sigaction *previous) {
    return sigaction(signal_number, previous, NULL);
}

#endif
