package graphviz

import (
	"strings"
	"unicode/utf8"
)

// quote returns text as a DOT quoted string to be used as a label, such that
// Graphviz shows text as it is, each newline breaking the line.
//
// Graphviz reads a quoted label in three passes, and each needs its escape:
//   - the DOT lexer ends the string at a quote unless a backslash precedes
//     it, so " becomes \" (and \\ is read as two characters, not as an
//     escaped backslash followed by a closing quote);
//   - label processing gives a backslash and the character after it a
//     meaning (\n, \l and \r break the line, \N, \G, \E, \T, \H and \L are
//     replaced by names), so \ becomes \\, which it reads as one backslash,
//     and a newline becomes \n;
//   - HTML entities such as &amp; and &#65; are then decoded, so & becomes
//     &amp;.
//
// Characters that would vanish or break the output get visible stand-ins, as
// [stand] decides. Braces, |, < and > mean nothing in the label of a box or
// an oval, and neither do DOT keywords inside quotes.
func quote(text string) string {
	var b strings.Builder
	b.Grow(len(text) + 2)
	b.WriteByte('"')
	// Go yields U+FFFD for each byte that is not UTF-8, so such bytes are
	// written as U+FFFD, as U+FFFD itself is.
	for _, r := range text {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '&':
			b.WriteString("&amp;")
		default:
			if s, ok := stand(r); ok {
				r = s
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// stand returns the visible stand-in for a character that has no glyph and
// that Graphviz or the SVG it writes would drop, break on or let vanish:
// a C0 control character other than newline, or DEL, becomes its symbol
// from Unicode's Control Pictures block (U+2409 ␉ for a tab); a C1 control
// character, U+FFFE and U+FFFF, which XML forbids, become U+FFFD.
func stand(r rune) (rune, bool) {
	switch {
	case r < 0x20:
		return 0x2400 + r, true
	case r == 0x7f:
		return 0x2421, true
	case r >= 0x80 && r < 0xa0, r == 0xfffe, r == 0xffff:
		return utf8.RuneError, true
	}
	return 0, false
}
