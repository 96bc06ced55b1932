//! editlint's compiled core: the per-character work over a document's prose.
//!
//! Every function here has a pure-Python twin in `editlint/language/scan.py`
//! that defines what it must return; the tests compare the two on real
//! prose and on generated text.  Offsets are Python string offsets (code
//! points), never bytes, and character classes are Python's: `isalpha` is a
//! letter category, `isalnum` a letter or number category, `isspace` Unicode
//! white space plus the four separators U+001C..U+001F, and a word character
//! (the `re` module's `\w`) is alphanumeric or `_`.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use std::collections::HashMap;
use unicode_general_category::{get_general_category, GeneralCategory as G};

fn is_alpha(c: char) -> bool {
    matches!(
        get_general_category(c),
        G::UppercaseLetter | G::LowercaseLetter | G::TitlecaseLetter | G::ModifierLetter | G::OtherLetter
    )
}

fn is_alnum(c: char) -> bool {
    is_alpha(c) || matches!(get_general_category(c), G::DecimalNumber | G::LetterNumber | G::OtherNumber)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn is_word(c: char) -> bool {
    c == '_' || (c.is_ascii() && c.is_ascii_alphanumeric()) || (!c.is_ascii() && is_alnum(c))
}

/// A document's prose, held once for every scan of it, the way CPython
/// holds strings: one byte per character when every character is below
/// U+0100 (Latin-1), two when every one is below U+10000 (UCS-2), else
/// four (UTF-32); little-endian.  The multi-pattern automata run over the
/// same bytes, with patterns encoded to match.
#[pyclass(frozen, module = "editlint_native")]
struct Prose {
    data: Text,
    /// Bytes per character: 1, 2 or 4.
    width: usize,
    /// Where words start, worked out on first need (every word list asks).
    starts: std::sync::OnceLock<Vec<u32>>,
}

/// A prose's characters: a copy, or (the usual case) the Python string's
/// own buffer, which CPython keeps in exactly these widths (PEP 393).  The
/// 5 MB benchmark's prose is 6.8 MB in UCS-2; each copy of it was that much
/// more memory, and a document holds two or three (prose, lower case, a
/// masked view).
enum Text {
    Owned(Vec<u8>),
    /// `len` bytes at `ptr`, inside `_owner`'s character buffer.  A str is
    /// immutable once another reference to it exists (this one), so the
    /// buffer neither moves nor changes while the `Prose` lives.
    Borrowed { _owner: Py<PyString>, ptr: *const u8, len: usize },
}

// Safety: the borrowed bytes are never written, and `Py` is itself `Send`
// and `Sync`; scans read them with the GIL released, as they read a `Vec`.
unsafe impl Send for Text {}
unsafe impl Sync for Text {}

impl std::ops::Deref for Text {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Text::Owned(v) => v,
            Text::Borrowed { ptr, len, .. } => unsafe { std::slice::from_raw_parts(*ptr, *len) },
        }
    }
}

impl Prose {
    fn len(&self) -> usize {
        self.data.len() / self.width
    }

    fn code(&self, i: usize) -> u32 {
        match self.width {
            1 => self.data[i] as u32,
            2 => u16::from_le_bytes([self.data[2 * i], self.data[2 * i + 1]]) as u32,
            _ => u32::from_le_bytes([self.data[4 * i], self.data[4 * i + 1], self.data[4 * i + 2], self.data[4 * i + 3]]),
        }
    }

    /// The character at `i`; a lone surrogate reads as U+FFFF, which has
    /// the same classes in Python (not a letter, digit, space or case).
    fn at(&self, i: usize) -> char {
        char::from_u32(self.code(i)).unwrap_or('\u{ffff}')
    }

    fn width(&self) -> usize {
        self.width
    }

    fn word_start(&self, p: usize) -> bool {
        is_word(self.at(p)) && (p == 0 || !is_word(self.at(p - 1)))
    }

    fn starts(&self) -> &[u32] {
        self.starts.get_or_init(|| (0..self.len()).filter(|&p| self.word_start(p)).map(|p| p as u32).collect())
    }

    /// [`Prose::word_key`] packed in a number when the key is ASCII
    /// (length and up to three lower-case bytes), else None.
    fn ascii_key(&self, p: usize) -> Option<u32> {
        let mut key = 0u32;
        let mut n = 0;
        while n < 3 && p + n < self.len() {
            let c = self.code(p + n);
            if c >= 128 {
                return if is_word(self.at(p + n)) { None } else { Some(key | (n as u32) << 24) };
            }
            let b = c as u8;
            if !(b.is_ascii_alphanumeric() || b == b'_') {
                break;
            }
            key |= (b.to_ascii_lowercase() as u32) << (8 * (2 - n));
            n += 1;
        }
        Some(key | (n as u32) << 24)
    }

    /// The lower-cased first three characters of the word starting at `p`
    /// (Python's `str.lower()` of them: full case mapping, final sigma).
    fn word_key(&self, p: usize) -> String {
        let mut end = p;
        while end < self.len() && end < p + 3 && is_word(self.at(end)) {
            end += 1;
        }
        let s: String = (p..end).map(|i| self.at(i)).collect();
        s.to_lowercase()
    }

    fn find(&self, c: char, from: usize, end: usize) -> Option<usize> {
        (from..end).find(|&i| self.at(i) == c)
    }

    /// `readability._WORD`'s matches in `[start, end)` as a text of its own,
    /// counted: the first alternative that matches at a position wins, and
    /// the scan goes on after it.
    fn readability_words(&self, start: usize, end: usize) -> usize {
        let ascii = |i: usize| i < end && self.at(i).is_ascii_alphabetic();
        let latin = |i: usize| i < end && (self.at(i).is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&self.at(i)));
        let digit = |i: usize| i < end && get_general_category(self.at(i)) == G::DecimalNumber;
        let mut n = 0;
        let mut p = start;
        while p < end {
            // (?<![A-Za-z.])[A-Za-z](?:\.[A-Za-z])+\.?
            if ascii(p) && !(p > start && (self.at(p - 1).is_ascii_alphabetic() || self.at(p - 1) == '.')) {
                let mut q = p + 1;
                while q + 1 < end && self.at(q) == '.' && ascii(q + 1) {
                    q += 2;
                }
                if q > p + 1 {
                    if q < end && self.at(q) == '.' {
                        q += 1;
                    }
                    n += 1;
                    p = q;
                    continue;
                }
            }
            // [vV]?\d+(?:[.,/:-]\d+)*[A-Za-z]*
            let d = if matches!(self.at(p), 'v' | 'V') && digit(p + 1) { p + 1 } else { p };
            if digit(d) {
                let mut q = d;
                while digit(q) {
                    q += 1;
                }
                while q + 1 < end && matches!(self.at(q), '.' | ',' | '/' | ':' | '-') && digit(q + 1) {
                    q += 1;
                    while digit(q) {
                        q += 1;
                    }
                }
                while ascii(q) {
                    q += 1;
                }
                n += 1;
                p = q;
                continue;
            }
            // [A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)*(?:-[A-Za-z\u00C0-\u024F]+)*
            if latin(p) {
                let mut q = p;
                while latin(q) {
                    q += 1;
                }
                while q + 1 < end && matches!(self.at(q), '\'' | '’') && ascii(q + 1) {
                    q += 1;
                    while ascii(q) {
                        q += 1;
                    }
                }
                while q + 1 < end && self.at(q) == '-' && latin(q + 1) {
                    q += 1;
                    while latin(q) {
                        q += 1;
                    }
                }
                n += 1;
                p = q;
                continue;
            }
            p += 1;
        }
        n
    }

    /// `_SENT_END` (`[.!?…]+["'”’)\]]*(?=\s+|$)|\n\n`) from `p` within
    /// `[p, end)`: the end of the match starting at `p`, if one does.
    fn sentence_end_at(&self, p: usize, end: usize) -> Option<usize> {
        let stop = |c: char| matches!(c, '.' | '!' | '?' | '…');
        let closer = |c: char| matches!(c, '"' | '\'' | '”' | '’' | ')' | ']');
        let c = self.at(p);
        if stop(c) {
            // Only the whole run can be followed by white space or the end:
            // a shorter one is followed by one of its own characters.
            let mut q = p;
            while q < end && stop(self.at(q)) {
                q += 1;
            }
            while q < end && closer(self.at(q)) {
                q += 1;
            }
            return if q == end || is_space(self.at(q)) { Some(q) } else { None };
        }
        if c == '\n' && p + 1 < end && self.at(p + 1) == '\n' {
            return Some(p + 2);
        }
        None
    }

    /// `_NEXT_WORD` (`\s*([^\s"“‘']+|\S)`) at `e` within `[e, end)`: its group.
    fn next_word(&self, e: usize, end: usize) -> Option<(usize, usize)> {
        let mut a = e;
        while a < end && is_space(self.at(a)) {
            a += 1;
        }
        if a >= end {
            return None;
        }
        let quote = |c: char| matches!(c, '"' | '“' | '‘' | '\'');
        if quote(self.at(a)) {
            return Some((a, a + 1));
        }
        let mut b = a;
        while b < end && !is_space(self.at(b)) && !quote(self.at(b)) {
            b += 1;
        }
        Some((a, b))
    }

    fn split_sentences(&self, start: usize, end: usize, abbrev: &std::collections::HashSet<String>, starters: &std::collections::HashSet<String>, out: &mut Vec<(usize, usize)>) {
        let text = |a: usize, b: usize| -> String { (a..b).map(|i| self.at(i)).collect() };
        let mut s = start;
        let mut p = start;
        while p < end {
            let Some(e) = self.sentence_end_at(p, end) else {
                p += 1;
                continue;
            };
            let m = p;
            p = e;
            if !(e == m + 2 && self.at(m) == '\n') {
                let nxt = self.next_word(e, end);
                if e == m + 1 && self.at(m) == '.' {
                    // The letters before the stop, at most 12 back, within the block.
                    let lo = start.max(m.saturating_sub(12));
                    let mut w0 = m;
                    while w0 > lo && self.at(w0 - 1).is_ascii_alphabetic() {
                        w0 -= 1;
                    }
                    if w0 < m {
                        let w = text(w0, m);
                        if m - w0 == 1 || abbrev.contains(&w.to_ascii_lowercase()) {
                            let initialism = m - w0 == 1 && m >= start + 2 && self.at(m - 2) == '.';
                            let starts_sentence = nxt.map_or(false, |(a, b)| starters.contains(&text(a, b)));
                            if !(initialism && starts_sentence) {
                                continue;
                            }
                        }
                    }
                }
                if let Some((a, _)) = nxt {
                    let c = self.at(a);
                    if c.is_lowercase() || matches!(c, ',' | ';' | ':') {
                        continue;
                    }
                }
            }
            self.push_trimmed(s, e, out);
            s = e;
        }
        self.push_trimmed(s, end, out);
    }

    fn push_trimmed(&self, mut a: usize, mut b: usize, out: &mut Vec<(usize, usize)>) {
        while a < b && is_space(self.at(a)) {
            a += 1;
        }
        while b > a && is_space(self.at(b - 1)) {
            b -= 1;
        }
        if b > a {
            out.push((a, b));
        }
    }

    fn opens(&self, i: usize, start: usize, end: usize) -> bool {
        let before = if i > start { self.at(i - 1) } else { ' ' };
        let after = if i + 1 < end { self.at(i + 1) } else { ' ' };
        (is_space(before) || "([{“—–-".contains(before)) && is_alpha(after)
    }

    fn single_close(&self, mut i: usize, end: usize) -> Option<usize> {
        while i < end {
            let c = self.at(i);
            if c == '’' || c == '\'' {
                let after = if i + 1 < end { self.at(i + 1) } else { ' ' };
                let before = self.at(i - 1);
                if !is_alpha(after) && !is_space(before) {
                    // "the students' books": a plural possessive, not the end of a quote
                    let possessive = before == 's' && after == ' ' && i + 2 < end && self.at(i + 2).is_lowercase();
                    if !possessive {
                        return Some(i);
                    }
                }
            } else if c == '\n' {
                return None;
            }
            i += 1;
        }
        None
    }
}

#[pymethods]
impl Prose {
    /// From the text encoded as Latin-1 (`width` 1), UCS-2-LE (2: every
    /// character below U+10000, lone surrogates kept) or UTF-32-LE (4).
    #[new]
    fn new(data: &[u8], width: usize) -> PyResult<Self> {
        if !matches!(width, 1 | 2 | 4) || data.len() % width != 0 {
            return Err(PyValueError::new_err("a text of 1, 2 or 4 bytes a character, of a length that is a multiple of it"));
        }
        Ok(Prose { data: Text::Owned(data.to_vec()), width, starts: std::sync::OnceLock::new() })
    }

    /// The Python string itself, read where CPython keeps its characters
    /// (one, two or four bytes each): no copy, and the same answers as
    /// `Prose(data, width)` given the string in the narrowest of Latin-1,
    /// UCS-2 (lone surrogates kept) or UTF-32 (tests/test_native.py).
    #[staticmethod]
    fn of(text: &Bound<'_, PyString>) -> PyResult<Self> {
        let op = text.as_ptr();
        // Safety: `op` is a live str (the borrow says so); a str made by
        // Python code is always "ready" (its canonical form exists).
        let (width, len, ptr) = unsafe {
            if pyo3::ffi::PyUnicode_READY(op) != 0 {
                return Err(PyErr::fetch(text.py()));
            }
            let width = pyo3::ffi::PyUnicode_KIND(op) as usize;
            let len = pyo3::ffi::PyUnicode_GET_LENGTH(op) as usize;
            (width, len, pyo3::ffi::PyUnicode_DATA(op) as *const u8)
        };
        if !matches!(width, 1 | 2 | 4) {
            return Err(PyValueError::new_err("a str of an unknown kind"));
        }
        let data = if cfg!(target_endian = "little") {
            Text::Borrowed { _owner: text.clone().unbind(), ptr, len: len * width }
        } else {
            // The scans read little-endian units: a big-endian buffer is copied.
            let raw = unsafe { std::slice::from_raw_parts(ptr, len * width) };
            Text::Owned(raw.chunks(width).flat_map(|u| u.iter().rev().copied()).collect())
        };
        Ok(Prose { data, width, starts: std::sync::OnceLock::new() })
    }

    fn __len__(&self) -> usize {
        self.len()
    }

    /// How many words start in the text (`\b\w` positions).
    fn word_count(&self) -> usize {
        self.starts().len()
    }

    /// Word starts in `[lo, hi)` by their first three characters, lower
    /// case, keys in order of first use: `\b\w{1,3}` scanned from `lo`.
    fn word_index<'py>(&self, py: Python<'py>, lo: usize, hi: usize) -> PyResult<Bound<'py, PyDict>> {
        let hi = hi.min(self.len());
        let mut order: Vec<String> = Vec::new();
        let mut slots: HashMap<String, Vec<usize>> = HashMap::new();
        for p in lo..hi {
            if self.word_start(p) {
                let key = self.word_key(p);
                match slots.get_mut(&key) {
                    Some(v) => v.push(p),
                    None => {
                        order.push(key.clone());
                        slots.insert(key, vec![p]);
                    }
                }
            }
        }
        let out = PyDict::new_bound(py);
        for key in order {
            let positions = slots.remove(&key).unwrap_or_default();
            out.set_item(key, PyList::new_bound(py, positions))?;
        }
        Ok(out)
    }

    /// How many words `readability.words` finds in each span, each read as
    /// a text of its own (`len(_WORD.findall(prose[a:b]))`).
    fn readability_word_counts(&self, py: Python<'_>, spans: Vec<(usize, usize)>) -> Vec<usize> {
        py.allow_threads(|| spans.into_iter().map(|(a, b)| self.readability_words(a.min(self.len()), b.min(self.len()))).collect())
    }

    /// Sentence spans of each block `[start, end)`, in order:
    /// `document.split_sentences` (its Python definition) for every block.
    /// `abbrev`: lower-case words a full stop after does not end a
    /// sentence; `starters`: words that end an initialism's sentence.
    fn sentences(&self, py: Python<'_>, blocks: Vec<(usize, usize)>, abbrev: Vec<String>, starters: Vec<String>) -> Vec<(usize, usize)> {
        let abbrev: std::collections::HashSet<String> = abbrev.into_iter().collect();
        let starters: std::collections::HashSet<String> = starters.into_iter().collect();
        py.allow_threads(|| {
            let mut out = Vec::new();
            for (start, end) in blocks {
                self.split_sentences(start.min(self.len()), end.min(self.len()), &abbrev, &starters, &mut out);
            }
            out
        })
    }

    /// Runs of two or more equal tokens (maximal runs of non-white-space,
    /// Unicode White_Space as the regex module's `\s`) separated by white
    /// space without a newline: `(start of the first, end of the last)`.
    fn equal_neighbour_runs(&self, py: Python<'_>) -> Vec<(usize, usize)> {
        py.allow_threads(|| {
            let n = self.len();
            let w = self.width();
            let space = |i: usize| self.at(i).is_whitespace();
            let mut tokens: Vec<(usize, usize)> = Vec::new();
            let mut i = 0;
            while i < n {
                if space(i) {
                    i += 1;
                    continue;
                }
                let s = i;
                while i < n && !space(i) {
                    i += 1;
                }
                tokens.push((s, i));
            }
            let d = &self.data;
            let same = |a: (usize, usize), b: (usize, usize)| {
                a.1 - a.0 == b.1 - b.0 && d[a.0 * w..a.1 * w] == d[b.0 * w..b.1 * w] && !(a.1..b.0).any(|k| self.code(k) == 10)
            };
            let mut out = Vec::new();
            let mut k = 0;
            while k + 1 < tokens.len() {
                if same(tokens[k], tokens[k + 1]) {
                    let start = tokens[k].0;
                    let mut j = k + 1;
                    while j + 1 < tokens.len() && same(tokens[j], tokens[j + 1]) {
                        j += 1;
                    }
                    out.push((start, tokens[j].1));
                    k = j + 1;
                } else {
                    k += 1;
                }
            }
            out
        })
    }

    /// Spans inside quotation marks in `[start, end)` (see
    /// `document.find_quotes` for the rules).
    fn quotes(&self, start: usize, end: usize) -> Vec<(usize, usize)> {
        let end = end.min(self.len());
        let mut out = Vec::new();
        let mut i = start;
        let first_close = self.find('”', start, end);
        let first_open = self.find('“', start, end);
        if let Some(fc) = first_close {
            if first_open.map_or(true, |fo| fc < fo) {
                if fc > start {
                    out.push((start, fc));
                }
                i = fc + 1;
            }
        }
        while i < end {
            let c = self.at(i);
            let close = match c {
                '“' => Some('”'),
                '"' => Some('"'),
                '«' => Some('»'),
                '„' => Some('“'),
                _ => None,
            };
            if let Some(close) = close {
                let found = self.find(close, i + 1, end);
                if c == '"' && found.is_none() && i > 0 && is_alnum(self.at(i - 1)) {
                    i += 1; // a stray inch mark, not an opening quote
                    continue;
                }
                let j = found.unwrap_or(end);
                if j > i + 1 {
                    out.push((i + 1, j));
                }
                i = j + 1;
            } else if (c == '‘' || c == '\'') && self.opens(i, start, end) {
                match self.single_close(i + 1, end) {
                    Some(j) => {
                        out.push((i + 1, j));
                        i = j + 1;
                    }
                    None => i += 1,
                }
            } else {
                i += 1;
            }
        }
        out
    }
}

/// The literal heads of a word list's phrases, matched where words start.
///
/// Built from `(alternative, literal, key)`: a phrase may start at a word
/// whose key (first three characters, lower case) is `key` and where the
/// text continues with `literal`.
#[pyclass(frozen, module = "editlint_native")]
struct PhraseHeads {
    automata: Encoded,
    /// Per head: the alternative it belongs to, the word key it needs and
    /// its length in characters.
    meta: Vec<(usize, String, usize)>,
    /// The heads' word keys that are ASCII, packed as `Prose::ascii_key`
    /// packs them: a word start whose key is none of these (and is ASCII)
    /// starts no head.
    keys: std::collections::HashSet<u32>,
}

fn pack_key(key: &str) -> Option<u32> {
    if !key.is_ascii() || key.len() > 3 {
        return None;
    }
    let mut packed = (key.len() as u32) << 24;
    for (n, b) in key.bytes().enumerate() {
        packed |= (b as u32) << (8 * (2 - n));
    }
    Some(packed)
}

/// Patterns as `Prose` holds text, one automaton per character width:
/// Latin-1, UCS-2 and UTF-32-LE, each over the patterns that can occur in
/// such a text (a pattern with a character past U+00FF cannot occur in a
/// Latin-1 text), with their indices.  Each automaton is built the first
/// time a text of its width is scanned: most documents need one of them.
struct Encoded {
    patterns: [Vec<Vec<u8>>; 3],
    ids: [Vec<usize>; 3],
    built: [std::sync::OnceLock<Result<AhoCorasick, String>>; 3],
    anchored: bool,
}

impl Encoded {
    fn new<'a>(patterns: impl Iterator<Item = &'a str>, anchored: bool) -> Self {
        let mut encoded: [Vec<Vec<u8>>; 3] = Default::default();
        let mut ids: [Vec<usize>; 3] = Default::default();
        for (k, lit) in patterns.enumerate() {
            let top = lit.chars().map(|c| c as u32).max().unwrap_or(0);
            if top < 0x100 {
                encoded[0].push(lit.chars().map(|c| c as u32 as u8).collect());
                ids[0].push(k);
            }
            if top < 0x10000 {
                encoded[1].push(lit.chars().flat_map(|c| (c as u32 as u16).to_le_bytes()).collect());
                ids[1].push(k);
            }
            encoded[2].push(lit.chars().flat_map(|c| (c as u32).to_le_bytes()).collect());
            ids[2].push(k);
        }
        Encoded { patterns: encoded, ids, built: Default::default(), anchored }
    }

    /// The automaton for texts of `width` bytes a character, and the index
    /// (into the patterns as given) of each of its patterns.
    fn for_width(&self, width: usize) -> PyResult<(&AhoCorasick, &[usize])> {
        let slot = match width {
            1 => 0,
            2 => 1,
            _ => 2,
        };
        let built = self.built[slot].get_or_init(|| {
            let patterns = &self.patterns[slot];
            if self.anchored { anchored(patterns) } else { unanchored(patterns) }.map_err(|e| e.to_string())
        });
        match built {
            Ok(automaton) => Ok((automaton, &self.ids[slot])),
            Err(e) => Err(PyValueError::new_err(e.clone())),
        }
    }
}

fn anchored(patterns: &[Vec<u8>]) -> Result<AhoCorasick, aho_corasick::BuildError> {
    // A contiguous NFA: built in microseconds (a DFA takes milliseconds per
    // list, which a one-page draft would pay at every start-up).
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .start_kind(StartKind::Anchored)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(patterns)
}

#[pymethods]
impl PhraseHeads {
    #[new]
    fn new(heads: Vec<(usize, String, String)>) -> PyResult<Self> {
        let automata = Encoded::new(heads.iter().map(|(_, lit, _)| lit.as_str()), true);
        let meta: Vec<(usize, String, usize)> = heads.into_iter().map(|(i, lit, key)| (i, key, lit.chars().count())).collect();
        let keys = meta.iter().filter_map(|(_, key, _)| pack_key(key)).collect();
        Ok(PhraseHeads { automata, meta, keys })
    }

    /// `(position, alternative)` pairs, sorted and without repeats, where a
    /// head begins in `text` at a word start of `words` in `[lo, hi)` whose
    /// key is the head's.  `words` and `text` have the same length: the
    /// prose (possibly masked) and what the heads are compared with (it, or
    /// it lower-cased offset for offset).
    ///
    /// `masked`: sorted, disjoint spans of `text` to treat as masked (a
    /// view's masked prose): a head overlapping one does not occur there.
    #[pyo3(signature = (words, text, lo, hi, masked=None))]
    fn candidates(&self, words: &Prose, text: &Prose, lo: usize, hi: usize, masked: Option<Vec<(usize, usize)>>) -> PyResult<Vec<(usize, usize)>> {
        let masked = masked.unwrap_or_default();
        let hidden = |a: usize, b: usize| {
            let i = masked.partition_point(|&(_, end)| end <= a);
            i < masked.len() && masked[i].0 < b
        };
        if words.len() != text.len() {
            return Err(PyValueError::new_err("words and text differ in length"));
        }
        let hi = hi.min(words.len());
        let w = text.width;
        let (automaton, ids) = self.automata.for_width(w)?;
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut key: Option<(usize, String)> = None;
        let starts = words.starts();
        let first = starts.partition_point(|&p| (p as usize) < lo);
        for &p in &starts[first..] {
            let p = p as usize;
            if p >= hi {
                break;
            }
            if let Some(k) = words.ascii_key(p) {
                if !self.keys.contains(&k) {
                    continue; // no head has this word's key
                }
            }
            let input = Input::new(&*text.data).range(p * w..).anchored(Anchored::Yes);
            let first = out.len();
            let mut state = aho_corasick::automaton::OverlappingState::start();
            loop {
                automaton.find_overlapping(input.clone(), &mut state);
                let Some(m) = state.get_match() else { break };
                let k = m.pattern().as_usize();
                let (alt, want, len) = &self.meta[ids[k]];
                if !masked.is_empty() && hidden(p, p + len) {
                    continue;
                }
                if key.as_ref().map_or(true, |(kp, _)| *kp != p) {
                    key = Some((p, words.word_key(p)));
                }
                if key.as_ref().map(|(_, k)| k == want).unwrap_or(false) {
                    out.push((p, *alt));
                }
            }
            out[first..].sort_unstable();
            let mut tail = out.split_off(first);
            tail.dedup();
            out.extend(tail);
        }
        Ok(out)
    }
}

/// A set of literal strings, and which of them a text contains: one pass
/// of an Aho-Corasick automaton instead of a substring search per literal.
#[pyclass(frozen, module = "editlint_native")]
struct LiteralSet {
    automata: Encoded,
    count: usize,
}

fn unanchored(patterns: &[Vec<u8>]) -> Result<AhoCorasick, aho_corasick::BuildError> {
    // A DFA: built once per rule and then run over whole documents, where
    // an NFA's overlapping search is several times slower.
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(patterns)
}

#[pymethods]
impl LiteralSet {
    #[new]
    fn new(literals: Vec<String>) -> PyResult<Self> {
        let automata = Encoded::new(literals.iter().map(String::as_str), false);
        Ok(LiteralSet { automata, count: literals.len() })
    }

    /// Indices of the literals that occur in the text, in order.
    fn present(&self, py: Python<'_>, text: &Prose) -> PyResult<Vec<usize>> {
        let w = text.width;
        let (automaton, ids) = self.automata.for_width(w)?;
        Ok(py.allow_threads(|| {
            let mut seen = vec![false; self.count];
            let mut left = self.count;
            for m in automaton.find_overlapping_iter(&*text.data) {
                if m.start() % w != 0 {
                    continue; // not on a character boundary
                }
                let i = ids[m.pattern().as_usize()];
                if !seen[i] {
                    seen[i] = true;
                    left -= 1;
                    if left == 0 {
                        break;
                    }
                }
            }
            seen.iter().enumerate().filter(|(_, &s)| s).map(|(i, _)| i).collect()
        }))
    }
}

// -- Markdown ---------------------------------------------------------------

mod markdown {
    use markdown_it::parser::inline::{Text, TextSpecial};
    use markdown_it::plugins::cmark::block::{
        blockquote::Blockquote, code::CodeBlock, fence::CodeFence, heading::ATXHeading, hr::ThematicBreak,
        lheading::SetextHeader, list::{BulletList, ListItem, OrderedList}, paragraph::Paragraph, reference::Definition,
    };
    use markdown_it::plugins::cmark::inline::{
        autolink::Autolink, backticks::CodeInline, emphasis::{Em, Strong}, image::Image, link::Link,
        newline::{Hardbreak, Softbreak},
    };
    use markdown_it::plugins::extra::strikethrough::Strikethrough;
    use markdown_it::plugins::extra::tables::{Table, TableBody, TableCell, TableHead, TableRow};
    use markdown_it::plugins::html::{html_block::HtmlBlock, html_inline::HtmlInline};
    use markdown_it::{MarkdownIt, Node};
    use pyo3::prelude::*;
    use pyo3::types::{PyDict, PyList, PyTuple};
    use std::cell::Cell;

    thread_local! {
        static PARSER: MarkdownIt = {
            let mut md = MarkdownIt::new();
            markdown_it::plugins::cmark::add(&mut md);
            markdown_it::plugins::html::add(&mut md);
            markdown_it::plugins::extra::tables::add(&mut md);
            markdown_it::plugins::extra::strikethrough::add(&mut md);
            md.max_nesting = 100;
            md
        };
        /// A parse in progress on this thread: its panics are answered with
        /// None (the caller parses with markdown-it-py), not printed.
        pub static QUIET: Cell<bool> = const { Cell::new(false) };
    }

    fn name_and_meta<'py>(py: Python<'py>, n: &Node) -> PyResult<(&'static str, Option<Bound<'py, PyDict>>)> {
        let meta = |pairs: &[(&str, PyObject)]| -> PyResult<Option<Bound<'py, PyDict>>> {
            let d = PyDict::new_bound(py);
            for (k, v) in pairs {
                d.set_item(*k, v)?;
            }
            Ok(Some(d))
        };
        Ok(if let Some(t) = n.cast::<Text>() {
            ("text", meta(&[("content", t.content.to_object(py))])?)
        } else if let Some(t) = n.cast::<TextSpecial>() {
            ("text_special", meta(&[("content", t.content.to_object(py)), ("markup", t.markup.to_object(py)), ("info", t.info.to_object(py))])?)
        } else if n.is::<Softbreak>() {
            ("softbreak", None)
        } else if n.is::<Hardbreak>() {
            ("hardbreak", None)
        } else if let Some(c) = n.cast::<CodeInline>() {
            ("code_inline", meta(&[("marker", c.marker.to_object(py)), ("marker_len", c.marker_len.to_object(py))])?)
        } else if let Some(e) = n.cast::<Em>() {
            ("em", meta(&[("marker", e.marker.to_object(py))])?)
        } else if let Some(e) = n.cast::<Strong>() {
            ("strong", meta(&[("marker", e.marker.to_object(py))])?)
        } else if let Some(e) = n.cast::<Strikethrough>() {
            ("strikethrough", meta(&[("marker", e.marker.to_object(py))])?)
        } else if n.is::<Link>() {
            ("link", None)
        } else if let Some(a) = n.cast::<Autolink>() {
            ("autolink", meta(&[("url", a.url.to_object(py))])?)
        } else if n.is::<Image>() {
            ("image", None)
        } else if let Some(h) = n.cast::<HtmlInline>() {
            ("html_inline", meta(&[("content", h.content.to_object(py))])?)
        } else if n.is::<Paragraph>() {
            ("paragraph", None)
        } else if let Some(h) = n.cast::<ATXHeading>() {
            ("heading", meta(&[("level", h.level.to_object(py))])?)
        } else if let Some(h) = n.cast::<SetextHeader>() {
            ("lheading", meta(&[("level", h.level.to_object(py))])?)
        } else if n.is::<BulletList>() {
            ("bullet_list", None)
        } else if n.is::<OrderedList>() {
            ("ordered_list", None)
        } else if n.is::<ListItem>() {
            ("list_item", None)
        } else if n.is::<Blockquote>() {
            ("blockquote", None)
        } else if let Some(c) = n.cast::<CodeFence>() {
            ("fence", meta(&[("content", c.content.to_object(py))])?)
        } else if let Some(c) = n.cast::<CodeBlock>() {
            ("code_block", meta(&[("content", c.content.to_object(py))])?)
        } else if let Some(h) = n.cast::<HtmlBlock>() {
            ("html_block", meta(&[("content", h.content.to_object(py))])?)
        } else if n.is::<ThematicBreak>() {
            ("hr", None)
        } else if n.is::<Definition>() {
            ("definition", None)
        } else if n.is::<Table>() {
            ("table", None)
        } else if n.is::<TableHead>() {
            ("thead", None)
        } else if n.is::<TableBody>() {
            ("tbody", None)
        } else if n.is::<TableRow>() {
            ("trow", None)
        } else if n.is::<TableCell>() {
            ("tcell", None)
        } else {
            ("unknown", None)
        })
    }

    /// `(name, start byte, end byte, meta or None, children)`.
    fn convert<'py>(py: Python<'py>, n: &Node) -> PyResult<Bound<'py, PyTuple>> {
        let (name, meta) = name_and_meta(py, n)?;
        let (a, b) = n.srcmap.map(|s| s.get_byte_offsets()).unwrap_or((0, 0));
        let children = PyList::empty_bound(py);
        for c in &n.children {
            children.append(convert(py, c)?)?;
        }
        let meta: PyObject = match meta {
            Some(d) => d.into_any().unbind(),
            None => py.None(),
        };
        Ok(PyTuple::new_bound(py, [name.to_object(py), a.to_object(py), b.to_object(py), meta, children.into_any().unbind()]))
    }

    // -- The tree as markdown-it-py's token stream -------------------------
    //
    // `editlint/markdown_rs.py`'s `_blocks`, `_inline` and `_inline_nodes`,
    // done here: that Python is the definition (the tests compare the two
    // on the corpora and on generated Markdown).  `Unknown` is its
    // `_Unknown`: the caller parses with markdown-it-py.

    /// A token as the document walk reads it (markdown-it-py's `Token`).
    #[pyclass(module = "editlint_native")]
    pub struct Tok {
        #[pyo3(get, name = "type")]
        kind: Py<pyo3::types::PyString>,
        #[pyo3(get)]
        tag: Py<pyo3::types::PyString>,
        #[pyo3(get, set)]
        map: PyObject,
        #[pyo3(get)]
        hidden: bool,
        #[pyo3(get)]
        level: usize,
        #[pyo3(get)]
        content: Py<pyo3::types::PyString>,
        #[pyo3(get)]
        markup: Py<pyo3::types::PyString>,
        #[pyo3(get)]
        info: Py<pyo3::types::PyString>,
        #[pyo3(get)]
        children: PyObject,
    }

    struct T {
        kind: String,
        level: usize,
        map: Option<(usize, usize)>,
        tag: String,
        hidden: bool,
        content: String,
        markup: String,
        info: String,
        children: Option<Vec<T>>,
    }

    impl T {
        fn new(kind: &str, level: usize) -> Self {
            T { kind: kind.to_string(), level, map: None, tag: String::new(), hidden: false, content: String::new(), markup: String::new(), info: String::new(), children: None }
        }
        fn mapped(mut self, m: (usize, usize)) -> Self {
            self.map = Some(m);
            self
        }
        fn tagged(mut self, tag: &str) -> Self {
            self.tag = tag.to_string();
            self
        }
        fn with(mut self, content: &str) -> Self {
            self.content = content.to_string();
            self
        }
    }

    struct Unknown;

    struct Ctx<'a> {
        line_bytes: Vec<usize>,
        raw: &'a [u8],
        max_nesting: usize,
    }

    const MAX_INLINE_LEVEL: usize = 30;

    fn span(n: &Node) -> (usize, usize) {
        n.srcmap.map(|s| s.get_byte_offsets()).unwrap_or((0, 0))
    }

    fn map_of(ctx: &Ctx, n: &Node) -> Result<(usize, usize), Unknown> {
        let (a, b) = span(n);
        if !(a <= b && b <= ctx.raw.len()) {
            return Err(Unknown);
        }
        let first = ctx.line_bytes.partition_point(|&x| x <= a) - 1;
        let last = ctx.line_bytes.partition_point(|&x| x <= a.max(b.saturating_sub(1))) - 1;
        Ok((first, last + 1))
    }

    fn first_leaf<'n>(nodes: &[&'n Node]) -> &'n Node {
        fn find<'n>(nodes: &mut dyn Iterator<Item = &'n Node>) -> Option<&'n Node> {
            for n in nodes {
                if n.children.is_empty() {
                    return Some(n);
                }
                if let Some(leaf) = find(&mut n.children.iter()) {
                    return Some(leaf);
                }
            }
            None
        }
        find(&mut nodes.iter().copied()).unwrap_or(nodes[0])
    }

    fn is_inline(n: &Node) -> bool {
        n.is::<Text>() || n.is::<TextSpecial>() || n.is::<Softbreak>() || n.is::<Hardbreak>() || n.is::<CodeInline>() || n.is::<Em>()
            || n.is::<Strong>() || n.is::<Strikethrough>() || n.is::<Link>() || n.is::<Autolink>() || n.is::<Image>() || n.is::<HtmlInline>()
    }

    fn closed_fence(ctx: &Ctx, n: &Node) -> bool {
        let (a, b) = span(n);
        let (a, b) = (a.min(ctx.raw.len()), b.min(ctx.raw.len()));
        if a > b {
            return false;
        }
        let mut body = &ctx.raw[a..b];
        while body.last() == Some(&b'\n') {
            body = &body[..body.len() - 1];
        }
        let lines: Vec<&[u8]> = body.split(|&c| c == b'\n').collect();
        if lines.len() < 2 {
            return false;
        }
        let run = |l: &[u8]| -> Option<(u8, usize, usize)> {
            let i = l.iter().take_while(|&&c| c == b' ' || c == b'\t').count();
            let c = *l.get(i)?;
            if c != b'`' && c != b'~' {
                return None;
            }
            let k = l[i..].iter().take_while(|&&x| x == c).count();
            if k >= 3 { Some((c, k, i + k)) } else { None }
        };
        let (Some((oc, ok, _)), Some((cc, ck, end))) = (run(lines[0]), run(lines[lines.len() - 1])) else { return false };
        let last = lines[lines.len() - 1];
        if !last[end..].iter().all(|&c| c == b' ' || c == b'\t') {
            return false;
        }
        oc == cc && ck >= ok
    }

    fn open_html(content: &str) -> bool {
        let head = content.trim_start_matches([' ', '\t']);
        let lower = head.to_ascii_lowercase();
        for name in ["script", "pre", "style", "textarea"] {
            if lower.starts_with('<') && lower[1..].starts_with(name) {
                let next = lower[1 + name.len()..].chars().next();
                if next.map_or(true, |c| c.is_whitespace() || c == '>') {
                    return !["script", "pre", "style", "textarea"].iter().any(|n| lower.contains(&format!("</{n}>")));
                }
            }
        }
        if head.starts_with("<!--") {
            return !head.contains("-->");
        }
        if head.starts_with("<?") {
            return !head.contains("?>");
        }
        if head.starts_with("<!") && head[2..].chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            return !head.contains('>');
        }
        if head.starts_with("<![CDATA[") {
            return !head.contains("]]>");
        }
        false
    }

    fn blocks(ctx: &Ctx, nodes: &[Node], level: usize, out: &mut Vec<T>) -> Result<(), Unknown> {
        if level + 2 >= ctx.max_nesting {
            return Err(Unknown);
        }
        let mut pending: Vec<&Node> = Vec::new();
        let flush = |pending: &mut Vec<&Node>, out: &mut Vec<T>| -> Result<(), Unknown> {
            if !pending.is_empty() {
                let m = (map_of(ctx, first_leaf(pending))?.0, map_of(ctx, pending[pending.len() - 1])?.1);
                let mut open = T::new("paragraph_open", level).mapped(m).tagged("p");
                open.hidden = true;
                out.push(open);
                let mut inl = T::new("inline", level + 1).mapped(m);
                inl.children = Some(inline(pending, level + 1)?);
                out.push(inl);
                let mut close = T::new("paragraph_close", level).tagged("p");
                close.hidden = true;
                out.push(close);
                pending.clear();
            }
            Ok(())
        };
        for n in nodes {
            if is_inline(n) {
                pending.push(n);
                continue;
            }
            flush(&mut pending, out)?;
            let kids: Vec<&Node> = n.children.iter().collect();
            if n.is::<Paragraph>() {
                let m = map_of(ctx, n)?;
                out.push(T::new("paragraph_open", level).mapped(m).tagged("p"));
                let mut inl = T::new("inline", level + 1).mapped(m);
                inl.children = Some(inline(&kids, level + 1)?);
                out.push(inl);
                out.push(T::new("paragraph_close", level).tagged("p"));
            } else if n.is::<ATXHeading>() || n.is::<SetextHeader>() {
                let lv = n.cast::<ATXHeading>().map(|h| h.level).or_else(|| n.cast::<SetextHeader>().map(|h| h.level)).unwrap_or(1);
                let m = map_of(ctx, n)?;
                let tag = format!("h{lv}");
                out.push(T::new("heading_open", level).mapped(m).tagged(&tag));
                let mut inl = T::new("inline", level + 1).mapped(m);
                inl.children = Some(inline(&kids, level + 1)?);
                out.push(inl);
                out.push(T::new("heading_close", level).tagged(&tag));
            } else if let Some(name) = container(n) {
                out.push(T::new(&format!("{name}_open"), level).mapped(map_of(ctx, n)?));
                blocks(ctx, &n.children, level + 1, out)?;
                out.push(T::new(&format!("{name}_close"), level));
            } else if n.is::<Table>() {
                out.push(T::new("table_open", level).mapped(map_of(ctx, n)?));
                for part in &n.children {
                    let cell = if part.is::<TableHead>() {
                        "th"
                    } else if part.is::<TableBody>() {
                        "td"
                    } else {
                        return Err(Unknown);
                    };
                    for row in &part.children {
                        for c in &row.children {
                            let m = map_of(ctx, c)?;
                            out.push(T::new(&format!("{cell}_open"), level + 3).mapped(m).tagged(cell));
                            let mut inl = T::new("inline", level + 4).mapped(m);
                            let ck: Vec<&Node> = c.children.iter().collect();
                            inl.children = Some(inline(&ck, level + 4)?);
                            out.push(inl);
                            out.push(T::new(&format!("{cell}_close"), level + 3).tagged(cell));
                        }
                    }
                }
                out.push(T::new("table_close", level));
            } else if let Some(f) = n.cast::<CodeFence>() {
                if !closed_fence(ctx, n) {
                    return Err(Unknown);
                }
                out.push(T::new("fence", level).mapped(map_of(ctx, n)?).with(&f.content));
            } else if let Some(c) = n.cast::<CodeBlock>() {
                out.push(T::new("code_block", level).mapped(map_of(ctx, n)?).with(&c.content));
            } else if let Some(h) = n.cast::<HtmlBlock>() {
                if open_html(&h.content) {
                    return Err(Unknown);
                }
                out.push(T::new("html_block", level).mapped(map_of(ctx, n)?).with(&h.content));
            } else if n.is::<ThematicBreak>() {
                out.push(T::new("hr", level).mapped(map_of(ctx, n)?));
            } else if n.is::<Definition>() {
                continue;
            } else {
                return Err(Unknown);
            }
        }
        flush(&mut pending, out)
    }

    fn container(n: &Node) -> Option<&'static str> {
        if n.is::<BulletList>() {
            Some("bullet_list")
        } else if n.is::<OrderedList>() {
            Some("ordered_list")
        } else if n.is::<Blockquote>() {
            Some("blockquote")
        } else if n.is::<ListItem>() {
            Some("list_item")
        } else {
            None
        }
    }

    fn is_space(c: char) -> bool {
        matches!(c, ' ' | '\t' | '\n' | '\r')
    }

    fn inline(nodes: &[&Node], level: usize) -> Result<Vec<T>, Unknown> {
        let mut out = inline_nodes(nodes, level)?;
        if let Some(last) = out.last() {
            if last.kind == "text_special" && last.info == "escape" && last.content.chars().last().is_some_and(is_space) {
                let last = out.pop().unwrap_or_else(|| T::new("text", level));
                match out.last_mut() {
                    Some(t) if t.kind == "text" => t.content.push('\\'),
                    _ => out.push(T::new("text", last.level).with("\\")),
                }
            }
        }
        while let Some(t) = out.last_mut() {
            if t.kind != "text" {
                break;
            }
            let trimmed = t.content.trim_end_matches(is_space).to_string();
            if !trimmed.is_empty() {
                t.content = trimmed;
                break;
            }
            out.pop();
        }
        while let Some(t) = out.first_mut() {
            if t.kind != "text" {
                break;
            }
            let trimmed = t.content.trim_start_matches(is_space).to_string();
            if !trimmed.is_empty() {
                t.content = trimmed;
                break;
            }
            out.remove(0);
        }
        Ok(out)
    }

    fn inline_nodes(nodes: &[&Node], level: usize) -> Result<Vec<T>, Unknown> {
        if level >= MAX_INLINE_LEVEL {
            return Err(Unknown);
        }
        let mut out = Vec::new();
        for n in nodes {
            let kids: Vec<&Node> = n.children.iter().collect();
            if let Some(t) = n.cast::<Text>() {
                out.push(T::new("text", level).with(&t.content));
            } else if let Some(t) = n.cast::<TextSpecial>() {
                let mut tok = T::new("text_special", level).with(&t.content);
                tok.markup = t.markup.clone();
                tok.info = t.info.to_string();
                out.push(tok);
            } else if n.is::<Softbreak>() {
                out.push(T::new("softbreak", level));
            } else if n.is::<Hardbreak>() {
                out.push(T::new("hardbreak", level));
            } else if let Some(c) = n.cast::<CodeInline>() {
                let mut tok = T::new("code_inline", level);
                tok.markup = std::iter::repeat(c.marker).take(c.marker_len).collect();
                tok.content = n.children.iter().filter_map(content_of).collect();
                out.push(tok);
            } else if let Some((kind, marker)) = emphasis(n) {
                let mut open = T::new(&format!("{kind}_open"), level);
                open.markup = marker.to_string();
                out.push(open);
                out.extend(inline_nodes(&kids, level + 1)?);
                let mut close = T::new(&format!("{kind}_close"), level);
                close.markup = marker.to_string();
                out.push(close);
            } else if n.is::<Link>() {
                out.push(T::new("link_open", level));
                out.extend(inline_nodes(&kids, level + 1)?);
                out.push(T::new("link_close", level));
            } else if let Some(a) = n.cast::<Autolink>() {
                let mut open = T::new("link_open", level);
                open.markup = "autolink".into();
                open.info = "auto".into();
                out.push(open);
                out.push(T::new("text", level + 1).with(&a.url));
                let mut close = T::new("link_close", level);
                close.markup = "autolink".into();
                close.info = "auto".into();
                out.push(close);
            } else if n.is::<Image>() {
                let mut tok = T::new("image", level);
                tok.children = Some(inline_nodes(&kids, level + 1)?);
                out.push(tok);
            } else if let Some(h) = n.cast::<HtmlInline>() {
                out.push(T::new("html_inline", level).with(&h.content));
            } else {
                return Err(Unknown);
            }
        }
        Ok(out)
    }

    /// A node's `content` as the tree gives it to Python (None: it has none).
    fn content_of(n: &Node) -> Option<&str> {
        if let Some(t) = n.cast::<Text>() {
            Some(&t.content)
        } else if let Some(t) = n.cast::<TextSpecial>() {
            Some(&t.content)
        } else if let Some(h) = n.cast::<HtmlInline>() {
            Some(&h.content)
        } else if let Some(c) = n.cast::<CodeFence>() {
            Some(&c.content)
        } else if let Some(c) = n.cast::<CodeBlock>() {
            Some(&c.content)
        } else {
            n.cast::<HtmlBlock>().map(|h| h.content.as_str())
        }
    }

    fn emphasis(n: &Node) -> Option<(&'static str, char)> {
        if let Some(e) = n.cast::<Em>() {
            Some(("em", e.marker))
        } else if let Some(e) = n.cast::<Strong>() {
            Some(("strong", e.marker))
        } else {
            n.cast::<Strikethrough>().map(|e| ("s", e.marker))
        }
    }

    fn to_python(py: Python<'_>, toks: Vec<T>) -> PyResult<Bound<'_, PyList>> {
        let out = PyList::empty_bound(py);
        for t in toks {
            let map: PyObject = match t.map {
                Some((a, b)) => PyList::new_bound(py, [a, b]).into_any().unbind(),
                None => py.None(),
            };
            let children: PyObject = match t.children {
                Some(c) => to_python(py, c)?.into_any().unbind(),
                None => py.None(),
            };
            let s = |x: &str| pyo3::types::PyString::new_bound(py, x).unbind();
            let tok = Tok {
                kind: pyo3::types::PyString::intern_bound(py, &t.kind).unbind(),
                tag: pyo3::types::PyString::intern_bound(py, &t.tag).unbind(),
                map,
                hidden: t.hidden,
                level: t.level,
                content: s(&t.content),
                markup: pyo3::types::PyString::intern_bound(py, &t.markup).unbind(),
                info: pyo3::types::PyString::intern_bound(py, &t.info).unbind(),
                children,
            };
            out.append(Py::new(py, tok)?)?;
        }
        Ok(out)
    }

    /// markdown-it-py's block tokens for `text` (see `editlint/markdown_rs.py`),
    /// or None when the conversion does not know a node, the text is nested
    /// past `max_nesting`, or the parser failed.
    #[pyfunction]
    pub fn markdown_tokens(py: Python<'_>, text: &str, max_nesting: usize) -> PyResult<PyObject> {
        let Some(root) = parse_quietly(text) else { return Ok(py.None()) };
        let raw = text.as_bytes();
        let mut line_bytes = vec![0];
        line_bytes.extend(raw.iter().enumerate().filter(|(_, &c)| c == b'\n').map(|(i, _)| i + 1));
        let ctx = Ctx { line_bytes, raw, max_nesting };
        let mut out = Vec::new();
        match blocks(&ctx, &root.children, 0, &mut out) {
            Ok(()) => Ok(to_python(py, out)?.into_any().unbind()),
            Err(Unknown) => Ok(py.None()),
        }
    }

    /// The syntax tree of `text` as nested tuples (see `convert`), or None
    /// when the parser failed on it.
    #[pyfunction]
    pub fn markdown_tree(py: Python<'_>, text: &str) -> PyResult<PyObject> {
        let Some(root) = parse_quietly(text) else { return Ok(py.None()) };
        let children = PyList::empty_bound(py);
        for c in &root.children {
            children.append(convert(py, c)?)?;
        }
        Ok(children.into_any().unbind())
    }

    /// The crate's parse of `text`, or None when it panicked (not printed).
    fn parse_quietly(text: &str) -> Option<Node> {
        QUIET.with(|q| q.set(true));
        let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| PARSER.with(|md| md.parse(text))));
        QUIET.with(|q| q.set(false));
        parsed.ok()
    }
}


// -- Markdown screens ----------------------------------------------------------

mod screens {
    //! `editlint/markdown_rs.py`'s `_risky` line screen, for texts the
    //! Python side has already checked for odd white space, escaped pipes
    //! and HTML comments.  Only ASCII characters take part in it, so the text
    //! is read as bytes; a digit past ASCII (Python's `\d` is every decimal
    //! digit) returns None and Python screens.  Tested against the Python
    //! screen (`tests/test_markdown_rs.py`).
    use pyo3::prelude::*;

    const LONGEST_LINE: usize = 5_000;

    fn ws(c: u8) -> bool {
        c == b' ' || c == b'\t'
    }

    fn space(c: u8) -> bool {
        c == b' ' || c == b'\t' || c == b'\r'
    }

    fn skip_ws(l: &[u8], mut i: usize) -> usize {
        while i < l.len() && ws(l[i]) {
            i += 1;
        }
        i
    }

    fn strip(l: &[u8]) -> &[u8] {
        let a = l.iter().position(|&c| !space(c)).unwrap_or(l.len());
        let b = l.iter().rposition(|&c| !space(c)).map_or(a, |k| k + 1);
        &l[a..b.max(a)]
    }

    fn lstrip(l: &[u8]) -> &[u8] {
        &l[l.iter().position(|&c| !space(c)).unwrap_or(l.len())..]
    }

    fn digits(l: &[u8], i: usize) -> usize {
        l[i.min(l.len())..].iter().take_while(|c| c.is_ascii_digit()).count()
    }

    /// `\d{1,9}[.)]` at `i`: the index after it.
    fn ordinal(l: &[u8], i: usize) -> Option<usize> {
        let d = digits(l, i);
        if (1..=9).contains(&d) && i + d < l.len() && (l[i + d] == b'.' || l[i + d] == b')') {
            Some(i + d + 1)
        } else {
            None
        }
    }

    /// `[ \t]*(?:\d{1,9}[.)]|[*+-])`: the index after the marker.
    fn marker(l: &[u8]) -> Option<usize> {
        let i = skip_ws(l, 0);
        if i < l.len() && matches!(l[i], b'*' | b'+' | b'-') {
            return Some(i + 1);
        }
        ordinal(l, i)
    }

    fn empty_item(l: &[u8]) -> bool {
        marker(l).is_some_and(|i| skip_ws(l, i) == l.len())
    }

    fn item(l: &[u8]) -> bool {
        marker(l).is_some_and(|i| i == l.len() || ws(l[i]))
    }

    fn late_ordered(l: &[u8]) -> bool {
        let i = skip_ws(l, 0);
        let d = digits(l, i);
        let closes = |k: usize| k < l.len() && (l[k] == b'.' || l[k] == b')');
        ((2..=9).contains(&d) && closes(i + d)) || (d == 1 && l[i] != b'1' && closes(i + 1))
    }

    fn block_start(l: &[u8]) -> bool {
        let i = skip_ws(l, 0);
        if i < l.len() && matches!(l[i], b'*' | b'+' | b'>' | b'#' | b'<' | b'-') {
            return true;
        }
        l[i..].starts_with(b"```") || l[i..].starts_with(b"~~~") || ordinal(l, i).is_some()
    }

    /// `(?:[ \t]*(?:>|[*+-]|\d{1,9}[.)]))*[ \t]*\[[^\]]*\]:` at the start.
    fn definition(l: &[u8]) -> bool {
        let mut i = 0;
        loop {
            let k = skip_ws(l, i);
            if k < l.len() && matches!(l[k], b'>' | b'*' | b'+' | b'-') {
                i = k + 1;
            } else if let Some(e) = ordinal(l, k) {
                i = e;
            } else {
                break;
            }
        }
        let i = skip_ws(l, i);
        if i >= l.len() || l[i] != b'[' {
            return false;
        }
        match l[i + 1..].iter().position(|&c| c == b']') {
            Some(j) => l.get(i + 1 + j + 1) == Some(&b':'),
            None => false,
        }
    }

    /// `[ \t>*+\-.)\d]*` at the start.
    fn markers(l: &[u8]) -> &[u8] {
        let n = l.iter().take_while(|&&c| matches!(c, b' ' | b'\t' | b'>' | b'*' | b'+' | b'-' | b'.' | b')') || c.is_ascii_digit()).count();
        &l[..n]
    }

    /// `[ \t]*(`{3,}|~{3,})` at the start: (where the run starts, its end).
    fn fence_open(l: &[u8]) -> Option<(usize, usize)> {
        let i = skip_ws(l, 0);
        let c = *l.get(i)?;
        if c != b'`' && c != b'~' {
            return None;
        }
        let run = l[i..].iter().take_while(|&&x| x == c).count();
        if run >= 3 { Some((i, i + run)) } else { None }
    }

    fn contains(l: &[u8], c: u8) -> bool {
        l.contains(&c)
    }

    fn find(l: &[u8], pat: &[u8]) -> Option<usize> {
        l.windows(pat.len()).position(|w| w == pat)
    }

    fn paragraph_risky(para: &[&[u8]]) -> bool {
        if !para.iter().any(|l| contains(l, b'`')) {
            return false;
        }
        let mut runs: Vec<usize> = Vec::new();
        for l in para {
            let mut i = 0;
            while i < l.len() {
                if l[i] == b'`' {
                    let n = l[i..].iter().take_while(|&&c| c == b'`').count();
                    runs.push(n);
                    i += n;
                } else {
                    i += 1;
                }
            }
        }
        let distinct = {
            let mut r = runs.clone();
            r.sort_unstable();
            r.dedup();
            r.len()
        };
        if distinct > 1 && (runs.len() % 2 == 1 || runs.chunks(2).any(|p| p.len() == 2 && p[0] != p[1])) {
            return true;
        }
        let opens: usize = para.iter().map(|l| l.iter().filter(|&&c| c == b'[').count()).sum();
        if opens == 0 {
            return false;
        }
        let closes: usize = para.iter().map(|l| l.iter().filter(|&&c| c == b']').count()).sum();
        opens != closes || runs.len() % 2 == 1
    }

    /// The line screen of `_risky`: Some(answer), or None when a digit past
    /// ASCII makes the Python screen's reading the one to use.
    #[pyfunction]
    pub fn markdown_risky(py: Python<'_>, text: &str) -> Option<bool> {
        if !text.is_ascii() && text.chars().any(|c| !c.is_ascii() && c.is_numeric()) {
            return None;
        }
        py.allow_threads(|| Some(risky(text.as_bytes())))
    }

    fn risky(text: &[u8]) -> bool {
        let mut prev: &[u8] = b"";
        let mut prev2: &[u8] = b"";
        let (mut in_quote, mut in_table) = (false, false);
        let mut fence: Option<&[u8]> = None;
        let mut para: Vec<&[u8]> = Vec::new();
        for line in text.split(|&c| c == b'\n') {
            if line.len() > LONGEST_LINE && line.iter().filter(|&&c| (c & 0xC0) != 0x80).count() > LONGEST_LINE {
                return true;
            }
            let stripped = strip(line);
            if let Some(f) = fence {
                if stripped.starts_with(f) && stripped.iter().all(|&c| c == f[0]) {
                    fence = None;
                }
                prev2 = prev;
                prev = line;
                continue;
            }
            if let Some((a, b)) = fence_open(line) {
                if line[a] == b'~' || !contains(&line[b..], b'`') {
                    if !(contains(&line[..a], b'\t') || a >= 4) {
                        fence = Some(&line[a..b]);
                    }
                }
            }
            if let Some(start) = find(line, b"~~~") {
                let run = line[start..].iter().take_while(|&&c| c == b'~').count();
                if !strip(&line[..start]).is_empty() || run > 3 || contains(&line[start + run..], b'~') {
                    return true;
                }
            }
            if stripped.is_empty() {
                if paragraph_risky(&para) {
                    return true;
                }
                para.clear();
                in_quote = false;
                in_table = false;
                prev2 = prev;
                prev = line;
                continue;
            }
            if contains(line, b'\t') && contains(line, b'>') {
                let lead = markers(line);
                if contains(lead, b'\t') && contains(lead, b'>') {
                    return true;
                }
            }
            if fence.is_none() {
                para.push(line);
            }
            if contains(line, b'[') && contains(line, b'`') {
                let from = line.iter().rposition(|&c| c == b']').map_or(0, |r| r + 1);
                if let Some(a) = line[from..].iter().position(|&c| c == b'[') {
                    if contains(&line[from + a..], b'`') {
                        return true;
                    }
                }
            }
            let head = lstrip(prev).first().copied();
            if matches!(head, Some(b'>' | b'|' | b'<')) && empty_item(line) {
                return true;
            }
            if in_quote && (late_ordered(line) || empty_item(line)) {
                return true;
            }
            if contains(prev, b'|') && item(line) && (in_table || !item(prev)) {
                return true;
            }
            if in_table && block_start(line) {
                return true;
            }
            if matches!(stripped.first(), Some(b'\'' | b'"' | b'(')) && definition(prev) {
                return true;
            }
            if contains(line, b'-') && line.iter().all(|&c| matches!(c, b' ' | b'\t' | b'|' | b':' | b'-')) {
                let lead = lstrip_ws(line);
                let lead = &lead[..lead.iter().take_while(|&&c| matches!(c, b'|' | b':' | b'-')).count()];
                if contains(prev, b'|') && !contains(line, b'|') {
                    return true;
                }
                if contains(line, b'|') && !contains(prev, b'|') {
                    return true;
                }
                if contains(line, b':') && !contains(line, b'|') && !strip(prev).is_empty() {
                    return true;
                }
                if matches!(head, Some(b'>' | b'<')) && contains(lead, b'|') && contains(lead, b'-') {
                    return true;
                }
                if lstrip(prev2).first() == Some(&b'>') || in_quote {
                    return true;
                }
                if !strip(prev).is_empty() && line.split(|&c| c != b'-').any(|run| run.len() == 1 || run.len() == 2) {
                    return true;
                }
                if contains(line, b'|') {
                    in_table = true;
                }
            }
            if stripped.first() == Some(&b'>') {
                in_quote = true;
            }
            prev2 = prev;
            prev = line;
        }
        paragraph_risky(&para)
    }

    fn lstrip_ws(l: &[u8]) -> &[u8] {
        &l[skip_ws(l, 0)..]
    }
}


// -- Regular expressions ----------------------------------------------------

mod rx {
    //! A user pattern compiled by the `regex` crate, for the patterns whose
    //! meaning is the same there as in Python's `regex` module (the Python
    //! side decides which: `editlint/rxroute.py`).  Linear time, so no scan
    //! can backtrack catastrophically.  Offsets in and out are Python string
    //! offsets (code points); the haystack is the Python string's UTF-8.
    use pyo3::exceptions::PyValueError;
    use pyo3::prelude::*;
    use regex_automata::meta;
    use regex_automata::util::syntax;
    use regex_automata::{Anchored, Input};
    use regex_syntax::hir::Look;

    #[pyclass(frozen, module = "editlint_native")]
    pub struct Regex {
        re: meta::Regex,
        /// Capture groups of the compiled pattern, whole match included.
        total: usize,
        /// The compiled pattern's groups that are the caller's, in order
        /// (the whole match first); the others are `markers`.
        keep: Vec<usize>,
        /// Empty groups marking where a consumed lookahead began: the match
        /// the caller sees ends there (see `editlint/rxroute.py`).
        markers: Vec<usize>,
        /// Per caller's group after the whole match: the markers inside it
        /// (a group around a lookahead ends, for Python, where it begins).
        inside: Vec<Vec<usize>>,
        #[pyo3(get)]
        names: Vec<Option<String>>,
        /// The pattern can match the empty string (Python's iteration over
        /// empty matches differs from the crate's: the caller does not route these).
        #[pyo3(get)]
        nullable: bool,
        /// The pattern holds `$` outside multi-line mode, which Python also
        /// matches before a final newline.
        #[pyo3(get)]
        ends: bool,
    }

    /// A text as the crate reads it: UTF-8, with the byte offset of every
    /// 64th code point, so Python offsets map both ways in O(1) plus a short
    /// walk.  Built once per text by the caller and reused by every pattern.
    #[pyclass(frozen, module = "editlint_native")]
    pub struct Haystack {
        text: String,
        /// `marks[k]`: byte offset of code point `64 * k` (empty when ASCII).
        marks: Vec<usize>,
        chars: usize,
        /// No character past ASCII is a word character: a Unicode `\b` is
        /// then an ASCII one, which the crate's fast engines can run.
        #[pyo3(get)]
        ascii_words: bool,
    }

    const STEP: usize = 64;

    impl Haystack {
        fn fitting_str(text: &str, differs: &CharRanges) -> Option<Self> {
            if !text.is_ascii() && text.chars().any(|c| !c.is_ascii() && differs.contains(c)) {
                return None;
            }
            Some(Haystack::new(text))
        }

        fn byte(&self, point: usize) -> usize {
            if self.marks.is_empty() {
                return point.min(self.text.len());
            }
            if point >= self.chars {
                return self.text.len();
            }
            let mut b = self.marks[point / STEP];
            let bytes = self.text.as_bytes();
            for _ in 0..point % STEP {
                b += 1;
                while b < bytes.len() && (bytes[b] & 0xC0) == 0x80 {
                    b += 1;
                }
            }
            b
        }

        fn point(&self, byte: usize) -> usize {
            if self.marks.is_empty() {
                return byte;
            }
            let k = self.marks.partition_point(|&m| m <= byte) - 1;
            k * STEP + count(&self.text.as_bytes()[self.marks[k]..byte])
        }
    }

    fn count(bytes: &[u8]) -> usize {
        bytes.iter().filter(|&&c| (c & 0xC0) != 0x80).count()
    }

    /// Sorted, disjoint ranges of code points (inclusive).
    #[pyclass(frozen, module = "editlint_native")]
    pub struct CharRanges {
        ranges: Vec<(u32, u32)>,
    }

    #[pymethods]
    impl CharRanges {
        #[new]
        fn new(mut ranges: Vec<(u32, u32)>) -> Self {
            ranges.sort_unstable();
            CharRanges { ranges }
        }
    }

    impl CharRanges {
        fn contains(&self, c: char) -> bool {
            let c = c as u32;
            let i = self.ranges.partition_point(|&(_, b)| b < c);
            i < self.ranges.len() && self.ranges[i].0 <= c
        }
    }

    #[pymethods]
    impl Haystack {
        /// The copy of a text given as UTF-8 bytes, or None when it holds a
        /// character of `differs` (one the engines read differently).
        /// Bytes, not a `str`: reading a `str` as UTF-8 makes Python keep
        /// a UTF-8 copy inside it for as long as it lives (5 MB for each
        /// non-ASCII prose of the 5 MB benchmark file).
        #[staticmethod]
        fn fitting(data: &[u8], differs: &CharRanges) -> PyResult<Option<Self>> {
            let text = std::str::from_utf8(data).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
            Ok(Self::fitting_str(text, differs))
        }

        #[new]
        fn new(text: &str) -> Self {
            let mut marks = Vec::new();
            let mut chars = text.len();
            let mut ascii_words = true;
            if !text.is_ascii() {
                chars = 0;
                for (b, c) in text.char_indices() {
                    if chars % STEP == 0 {
                        marks.push(b);
                    }
                    chars += 1;
                    if !c.is_ascii() && ascii_words && regex_syntax::is_word_character(c) {
                        ascii_words = false;
                    }
                }
                if marks.is_empty() {
                    marks.push(0);
                }
            }
            Haystack { text: text.to_string(), marks, chars, ascii_words }
        }

        fn __len__(&self) -> usize {
            self.chars
        }
    }

    /// Words (lower-cased ASCII, or anything) a rule type looks up.
    #[pyclass(frozen, module = "editlint_native")]
    pub struct WordSet {
        words: std::collections::HashSet<Vec<u8>>,
    }

    #[pymethods]
    impl WordSet {
        #[new]
        fn new(words: Vec<String>) -> Self {
            WordSet { words: words.into_iter().map(String::into_bytes).collect() }
        }

        fn __len__(&self) -> usize {
            self.words.len()
        }
    }

    impl Regex {
        /// Calls `f(segment, segment's first byte, start, end, word bytes)`
        /// for each match of a group-free pattern, each segment scanned as
        /// a text of its own.
        fn each_word(&self, hay: &Haystack, segments: &[(usize, usize)], mut f: impl FnMut(usize, usize, usize, usize, &[u8])) {
            for (k, &(a, b)) in segments.iter().enumerate() {
                let (lo, hi) = (hay.byte(a), hay.byte(b.max(a)));
                let text = &hay.text[lo..hi];
                let mut at = 0;
                while at < text.len() {
                    let Some(m) = self.re.search(&Input::new(text).range(at..)) else { break };
                    at = m.end().max(m.start() + 1);
                    f(k, lo, m.start(), m.end(), &text.as_bytes()[m.start()..m.end()]);
                }
            }
        }

        /// Where the caller's match ends: at the marker that took part, if any.
        fn end_of(&self, caps: &regex_automata::util::captures::Captures) -> Option<(usize, usize)> {
            let m = caps.get_match()?;
            let end = self.markers.iter().find_map(|&g| caps.get_group(g)).map_or(m.end(), |s| s.start);
            Some((m.start(), end))
        }

        fn spans(&self, caps: &regex_automata::util::captures::Captures, hay: &Haystack, out: &mut Vec<isize>) {
            self.spans_from(caps, hay, 0, out)
        }

        /// Spans of a match in a haystack that starts at byte `base` of `hay`.
        fn spans_from(&self, caps: &regex_automata::util::captures::Captures, hay: &Haystack, base: usize, out: &mut Vec<isize>) {
            let (start, end) = self.end_of(caps).unwrap_or((0, 0));
            out.push(hay.point(base + start) as isize);
            out.push(hay.point(base + end) as isize);
            for (k, &g) in self.keep[1..].iter().enumerate() {
                match caps.get_group(g) {
                    Some(s) => {
                        let cut = self.inside.get(k).and_then(|ms| ms.iter().find_map(|&m| caps.get_group(m)));
                        out.push(hay.point(base + s.start) as isize);
                        out.push(hay.point(base + cut.map_or(s.end, |c| c.start)) as isize);
                    }
                    None => {
                        out.push(-1);
                        out.push(-1);
                    }
                }
            }
        }
    }

    fn parse(pattern: &str, ignorecase: bool, multiline: bool, dotall: bool) -> PyResult<regex_syntax::hir::Hir> {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(ignorecase)
            .multi_line(multiline)
            .dot_matches_new_line(dotall)
            .build()
            .parse(pattern)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    #[pymethods]
    impl Regex {
        /// `keep`/`markers`: see the fields (default: every group is the
        /// caller's); `stripped`: the pattern without its consumed
        /// lookaheads, which decides `nullable`.
        #[new]
        #[pyo3(signature = (pattern, ignorecase, multiline, dotall, keep=None, markers=None, stripped=None, inside=None))]
        fn new(
            pattern: &str,
            ignorecase: bool,
            multiline: bool,
            dotall: bool,
            keep: Option<Vec<usize>>,
            markers: Option<Vec<usize>>,
            stripped: Option<&str>,
            inside: Option<Vec<Vec<usize>>>,
        ) -> PyResult<Self> {
            let config = syntax::Config::new()
                .case_insensitive(ignorecase)
                .multi_line(multiline)
                .dot_matches_new_line(dotall)
                .octal(false);
            let hir = parse(pattern, ignorecase, multiline, dotall)?;
            let ends = hir.properties().look_set().contains(Look::End);
            let shown = match stripped {
                Some(p) => parse(p, ignorecase, multiline, dotall)?,
                None => hir,
            };
            let nullable = shown.properties().minimum_len().map_or(true, |n| n == 0);
            let re = meta::Builder::new()
                .syntax(config)
                .configure(meta::Config::new().nfa_size_limit(Some(20 << 20)))
                .build(pattern)
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            let total = re.group_info().group_len(regex_automata::PatternID::ZERO);
            let keep = keep.unwrap_or_else(|| (0..total).collect());
            let markers = markers.unwrap_or_default();
            if keep.first() != Some(&0) || keep.iter().chain(markers.iter()).any(|&g| g >= total) {
                return Err(PyValueError::new_err("groups out of range"));
            }
            let names = keep
                .iter()
                .map(|&g| re.group_info().to_name(regex_automata::PatternID::ZERO, g).map(str::to_string))
                .collect();
            let inside = inside.unwrap_or_default();
            Ok(Regex { re, total, keep, markers, inside, names, nullable, ends })
        }

        #[getter]
        fn groups(&self) -> usize {
            self.keep.len() - 1
        }

        /// Group spans (start, end per group, -1 when a group took no part)
        /// of every match in `text[pos:endpos]`, Python's `finditer` for a
        /// pattern that cannot match empty, flattened; at most `limit` matches.
        #[pyo3(signature = (hay, pos, endpos, limit=usize::MAX))]
        fn find_all(&self, py: Python<'_>, hay: &Haystack, pos: usize, endpos: usize, limit: usize) -> Vec<isize> {
            py.allow_threads(|| {
                let (lo, hi) = (hay.byte(pos), hay.byte(endpos));
                let mut out = Vec::new();
                if lo > hi {
                    return out;
                }
                let text = &hay.text[..hi];
                let mut at = lo;
                let mut n = 0;
                if self.total == 1 {
                    while at < hi && n < limit {
                        let Some(m) = self.re.search(&Input::new(text).range(at..hi)) else { break };
                        out.push(hay.point(m.start()) as isize);
                        out.push(hay.point(m.end()) as isize);
                        n += 1;
                        at = m.end().max(m.start() + 1);
                    }
                    return out;
                }
                let mut caps = self.re.create_captures();
                while at < hi && n < limit {
                    self.re.search_captures(&Input::new(text).range(at..hi), &mut caps);
                    let Some((start, end)) = self.end_of(&caps) else { break };
                    self.spans(&caps, hay, &mut out);
                    n += 1;
                    at = end.max(start + 1);
                }
                out
            })
        }

        /// `find_all` over each segment `(start, end)` of the text as a text
        /// of its own (its edges are the text's edges, as when Python scans
        /// a slice), spans in offsets of the whole text, each match's spans
        /// preceded by its segment's index.
        fn find_in_segments(&self, py: Python<'_>, hay: &Haystack, segments: Vec<(usize, usize)>) -> Vec<isize> {
            py.allow_threads(|| {
                let mut out = Vec::new();
                let mut caps = self.re.create_captures();
                for (k, &(a, b)) in segments.iter().enumerate() {
                    let (lo, hi) = (hay.byte(a), hay.byte(b.max(a)));
                    let text = &hay.text[lo..hi];
                    let mut at = 0;
                    while at < text.len() {
                        self.re.search_captures(&Input::new(text).range(at..), &mut caps);
                        let Some((start, end)) = self.end_of(&caps) else { break };
                        out.push(k as isize);
                        self.spans_from(&caps, hay, lo, &mut out);
                        at = end.max(start + 1);
                    }
                }
                out
            })
        }

        /// Words (this pattern's matches, a pattern without groups) in the
        /// segments that `echo` could report, as flat `(start, end, n)`:
        /// `n` counts every word from 1.  Left out: ASCII words whose key
        /// (lower case, less a final `'s`) is shorter than `min_length` or,
        /// when `suffixes` is not empty, ends in none of them (a compound's
        /// last part in none of `compound`); words past ASCII are all kept.
        fn echo_candidates(&self, py: Python<'_>, hay: &Haystack, segments: Vec<(usize, usize)>, min_length: usize, suffixes: Vec<String>, compound: Vec<String>) -> Vec<usize> {
            py.allow_threads(|| {
                let mut out = Vec::new();
                let mut n = 0usize;
                self.each_word(hay, &segments, |_, lo, s, e, word| {
                    n += 1;
                    if word.is_ascii() {
                        let mut key = word.to_ascii_lowercase();
                        if key.ends_with(b"'s") {
                            key.truncate(key.len() - 2);
                        }
                        if key.len() < min_length {
                            return;
                        }
                        if !suffixes.is_empty() {
                            let ok = match key.iter().rposition(|&c| c == b'-') {
                                Some(k) => compound.iter().any(|x| key[k + 1..].ends_with(x.as_bytes())),
                                None => suffixes.iter().any(|x| key.ends_with(x.as_bytes())),
                            };
                            if !ok {
                                return;
                            }
                        }
                    }
                    out.push(hay.point(lo + s));
                    out.push(hay.point(lo + e));
                    out.push(n);
                });
                out
            })
        }

        /// Words in the segments split for `entities`: flat `(start, end)`
        /// of those not starting with an ASCII lower-case letter, and the
        /// distinct words that do.
        fn name_candidates(&self, py: Python<'_>, hay: &Haystack, segments: Vec<(usize, usize)>) -> (Vec<usize>, Vec<String>) {
            py.allow_threads(|| {
                let mut out = Vec::new();
                let mut lower: Vec<Vec<u8>> = Vec::new();
                let mut seen: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
                self.each_word(hay, &segments, |_, lo, s, e, word| {
                    if word[0].is_ascii_lowercase() {
                        if !seen.contains(word) {
                            seen.insert(word.to_vec());
                            lower.push(word.to_vec());
                        }
                        return;
                    }
                    out.push(hay.point(lo + s));
                    out.push(hay.point(lo + e));
                });
                (out, lower.into_iter().map(|w| String::from_utf8(w).unwrap_or_default()).collect())
            })
        }

        /// For `variants`' first pass: flat `(start, end)` of the words past
        /// ASCII, with a hyphen, or whose lower case is in `pairs`; and the
        /// distinct lower-cased ASCII words without a hyphen (the rest of
        /// what the pass collects).
        fn variant_words(&self, py: Python<'_>, hay: &Haystack, segments: Vec<(usize, usize)>, pairs: &WordSet) -> (Vec<usize>, Vec<String>) {
            py.allow_threads(|| {
                let mut out = Vec::new();
                let mut vocab: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
                self.each_word(hay, &segments, |_, lo, s, e, word| {
                    if !word.is_ascii() || word.contains(&b'-') {
                        out.push(hay.point(lo + s));
                        out.push(hay.point(lo + e));
                        return;
                    }
                    let low = word.to_ascii_lowercase();
                    if pairs.words.contains(&low[..]) {
                        out.push(hay.point(lo + s));
                        out.push(hay.point(lo + e));
                    }
                    vocab.insert(low);
                });
                (out, vocab.into_iter().map(|w| String::from_utf8(w).unwrap_or_default()).collect())
            })
        }

        /// For `variants`' second pass: flat `(start, end)` of each word, the
        /// next and the one after, single spaces between, where either of the
        /// first two is past ASCII or their lower cases joined are in `keys`.
        fn variant_spaced(&self, py: Python<'_>, hay: &Haystack, segments: Vec<(usize, usize)>, keys: &WordSet) -> Vec<usize> {
            py.allow_threads(|| {
                let mut out = Vec::new();
                let mut prev: [(usize, usize, usize); 2] = [(usize::MAX, 0, 0); 2]; // (segment, start, end) in bytes of the whole text
                let text = hay.text.as_bytes();
                self.each_word(hay, &segments, |k, lo, s, e, _| {
                    let now = (k, lo + s, lo + e);
                    let [m, n] = prev;
                    prev = [n, now];
                    if m.0 != k || n.0 != k || &text[m.2..n.1] != b" " || &text[n.2..now.1] != b" " {
                        return;
                    }
                    let (a, b) = (&text[m.1..m.2], &text[n.1..n.2]);
                    if a.is_ascii() && b.is_ascii() {
                        let mut key = a.to_ascii_lowercase();
                        key.extend(b.iter().map(|c| c.to_ascii_lowercase()));
                        if !keys.words.contains(&key[..]) {
                            return;
                        }
                    }
                    for (x, y) in [(m.1, m.2), (n.1, n.2), (now.1, now.2)] {
                        out.push(hay.point(x));
                        out.push(hay.point(y));
                    }
                });
                out
            })
        }

        /// Flat `(start, end)` of the words past ASCII or whose lower case
        /// is in `keys`.
        fn words_in(&self, py: Python<'_>, hay: &Haystack, segments: Vec<(usize, usize)>, keys: &WordSet) -> Vec<usize> {
            py.allow_threads(|| {
                let mut out = Vec::new();
                self.each_word(hay, &segments, |_, lo, s, e, word| {
                    if !word.is_ascii() || keys.words.contains(&word.to_ascii_lowercase()[..]) {
                        out.push(hay.point(lo + s));
                        out.push(hay.point(lo + e));
                    }
                });
                out
            })
        }

        /// How many matches `find_all` would give.
        fn count(&self, py: Python<'_>, hay: &Haystack, pos: usize, endpos: usize) -> usize {
            py.allow_threads(|| {
                let (lo, hi) = (hay.byte(pos), hay.byte(endpos));
                let text = &hay.text[..hi];
                let (mut at, mut n) = (lo, 0);
                if self.markers.is_empty() {
                    while at < hi {
                        let Some(m) = self.re.search(&Input::new(text).range(at..hi)) else { break };
                        n += 1;
                        at = m.end().max(m.start() + 1);
                    }
                    return n;
                }
                let mut caps = self.re.create_captures();
                while at < hi {
                    self.re.search_captures(&Input::new(text).range(at..hi), &mut caps);
                    let Some((start, end)) = self.end_of(&caps) else { break };
                    n += 1;
                    at = end.max(start + 1);
                }
                n
            })
        }

        /// The first match in `text[pos:endpos]` (`anchored`: only one that
        /// starts at `pos`, Python's `match`), as group spans; empty when none.
        fn find_one(&self, hay: &Haystack, pos: usize, endpos: usize, anchored: bool) -> Vec<isize> {
            let (lo, hi) = (hay.byte(pos), hay.byte(endpos));
            let mut out = Vec::new();
            if lo > hi {
                return out;
            }
            let input = Input::new(&hay.text[..hi]).range(lo..hi).anchored(if anchored { Anchored::Yes } else { Anchored::No });
            if self.total == 1 {
                if let Some(m) = self.re.search(&input) {
                    out.push(hay.point(m.start()) as isize);
                    out.push(hay.point(m.end()) as isize);
                }
                return out;
            }
            let mut caps = self.re.create_captures();
            self.re.search_captures(&input, &mut caps);
            if caps.is_match() {
                self.spans(&caps, hay, &mut out);
            }
            out
        }
    }
}

/// The runs of letters and digits (`[\p{L}\p{N}]+`) in `text`, one space
/// apart: how a block is compared with the others for repeats (its twin is
/// `scan.fold_words`).
#[pyfunction]
fn fold_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_run = false;
    for c in text.chars() {
        if if c.is_ascii() { c.is_ascii_alphanumeric() } else { is_alnum(c) } {
            if !in_run && !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
            in_run = true;
        } else {
            in_run = false;
        }
    }
    out
}

#[pymodule]
fn editlint_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Prose>()?;
    m.add_class::<PhraseHeads>()?;
    m.add_class::<LiteralSet>()?;
    m.add_class::<rx::Regex>()?;
    m.add_class::<rx::Haystack>()?;
    m.add_class::<rx::CharRanges>()?;
    m.add_class::<rx::WordSet>()?;
    m.add_function(wrap_pyfunction!(markdown::markdown_tree, m)?)?;
    m.add_function(wrap_pyfunction!(markdown::markdown_tokens, m)?)?;
    m.add_class::<markdown::Tok>()?;
    m.add_function(wrap_pyfunction!(screens::markdown_risky, m)?)?;
    m.add_function(wrap_pyfunction!(fold_words, m)?)?;
    // Panics inside a Markdown parse become None for the caller, silently;
    // any other panic is reported as usual.
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !markdown::QUIET.with(|q| q.get()) {
            default(info);
        }
    }));
    m.add("__doc__", "editlint's compiled core (see editlint/language/scan.py)")?;
    // The interface's version: `editlint/language/scan.py` uses a core only
    // when it is the one it expects (raise both with every change to it).
    m.add("ABI", 8)?;
    Ok(())
}
