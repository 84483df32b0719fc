/*
 * _fastscan: reads a GeoJSON FeatureCollection into columns, for the fast validation path (fastpath.py).
 *
 * Building a Python object for every value of a million-feature delivery costs more than the
 * whole validation may take, so this tokenizer keeps everything in C arrays and hands back
 * bytes objects that numpy views without copying:
 *
 *   scan(path, columns=None) -> dict
 *     count        number of features
 *     keys         every property key seen, in order of first appearance
 *     sequences    each distinct order of keys a feature used (tuples of indexes into keys)
 *     columns      {key: {...}} for the requested keys (all keys when columns is None):
 *                    kinds    uint8 per feature: 0 absent, 1 null, 2 string, 3 number written with
 *                             a fraction or exponent, 4 true, 5 false, 6 object or array,
 *                             7 number written as an integer
 *                    numbers  float64 per feature (None when the column holds no number)
 *                    codes    int32 per feature: the string's index among the column's distinct
 *                             strings (None when the column holds no string)
 *                    blob, offsets   the distinct strings as UTF-8, int64 offsets (distinct + 1)
 *                    first    int64 per distinct string: the feature that carried it first
 *                    cplen    int32 per distinct string: its length in code points
 *                    flags    uint8 per distinct string: 1 non-ASCII, 2 starts or ends with
 *                             whitespace (str.isspace), 4 holds U+0000, 8 holds one of - / :
 *                             (GDAL reads no date or time without one)
 *     unrequested  keys seen that were not requested
 *     geometry     {"type": uint8 per feature (0 null or absent, 1 Point with 2 or 3 numbers,
 *                   2 anything else), "x", "y": float64, "z": uint8 (1 when a Point has a third
 *                   coordinate), "span_feature", "span_start", "span_end": int64 byte ranges of
 *                   the geometries that are not plain 2D points, to be parsed by OGR}
 *     crs, name    the raw JSON text of the top-level members of those names, or None
 *     bom          whether the file starts with a UTF-8 byte order mark
 *
 * Distinct strings rather than one string per feature: code lists, dates and department codes
 * repeat, so each distinct value is checked once, and the first feature of each identifier comes
 * for free.
 *
 * Anything this reader does not take exactly as GDAL's GeoJSON driver would (malformed JSON,
 * text that is not UTF-8, a feature "id" member, duplicate keys, lone surrogates, nesting deeper
 * than MAX_DEPTH, members whose names differ from the GeoJSON ones only by case) raises
 * ValueError, and the caller falls back to the reference path.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __APPLE__
#include <xlocale.h>
#endif

#ifdef _WIN32
#include <stdio.h>
typedef _locale_t c_locale_t;
#define c_locale_new() _create_locale(LC_NUMERIC, "C")
#define c_locale_free(l) _free_locale(l)
#define c_strtod(s, e, l) _strtod_l(s, e, l)
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
typedef locale_t c_locale_t;
#define c_locale_new() newlocale(LC_ALL_MASK, "C", (locale_t)0)
#define c_locale_free(l) freelocale(l)
#define c_strtod(s, e, l) strtod_l(s, e, l)
#endif

#define MAX_DEPTH 16

enum { K_ABSENT = 0, K_NULL = 1, K_STRING = 2, K_REAL = 3, K_TRUE = 4, K_FALSE = 5, K_NESTED = 6, K_INT = 7 };
enum { F_NONASCII = 1, F_EDGE_SPACE = 2, F_NUL = 4, F_DATE_MARK = 8 };
enum { G_NONE = 0, G_POINT = 1, G_OTHER = 2 };

/* -- growable byte buffer ------------------------------------------------------------------ */

typedef struct {
    char *data;
    size_t len, cap;
} Buf;

static int buf_reserve(Buf *b, size_t extra) {
    if (b->len + extra <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra)
        cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data)
        return -1;
    b->data = data;
    b->cap = cap;
    return 0;
}

static int buf_append(Buf *b, const void *src, size_t n) {
    if (n == 0)
        return 0;
    if (buf_reserve(b, n))
        return -1;
    memcpy(b->data + b->len, src, n);
    b->len += n;
    return 0;
}

static void buf_free(Buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static inline uint64_t hash_bytes(const char *s, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, s, 8);
        h = (h ^ v) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
        s += 8;
        n -= 8;
    }
    uint64_t v = 0;
    memcpy(&v, s, n);
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    return h;
}

/* -- distinct strings of one column ------------------------------------------------------- */

typedef struct {
    Buf blob, offsets, first, cplen, flags, hashes; /* offsets int64 (count + 1), first int64, cplen int32 */
    /* open addressing: index + 1 in the low half, the hash's high half above (most probes then
       need no other memory than the slot); 0 is empty */
    uint64_t *slots;
    size_t nslots, count;
    int64_t last; /* the previous string's index: columns often repeat it */
} Intern;

static int intern_init(Intern *t) {
    memset(t, 0, sizeof(*t));
    t->nslots = 16;
    t->slots = calloc(t->nslots, sizeof(uint64_t));
    int64_t zero = 0;
    t->last = -1;
    if (!t->slots || buf_append(&t->offsets, &zero, sizeof zero))
        return -1;
    return 0;
}

static void intern_free(Intern *t) {
    buf_free(&t->blob);
    buf_free(&t->offsets);
    buf_free(&t->first);
    buf_free(&t->cplen);
    buf_free(&t->flags);
    buf_free(&t->hashes);
    free(t->slots);
    t->slots = NULL;
}

static inline const char *intern_str(const Intern *t, size_t i, size_t *len) {
    const int64_t *off = (const int64_t *)t->offsets.data;
    *len = (size_t)(off[i + 1] - off[i]);
    return t->blob.data + off[i];
}

static uint32_t decode_at(const unsigned char *s, size_t n, size_t *i) {
    unsigned char c = s[*i];
    uint32_t cp;
    size_t more;
    if (c < 0x80) {
        cp = c;
        more = 0;
    } else if (c < 0xE0) {
        cp = c & 0x1F;
        more = 1;
    } else if (c < 0xF0) {
        cp = c & 0x0F;
        more = 2;
    } else {
        cp = c & 0x07;
        more = 3;
    }
    (*i)++;
    while (more-- && *i < n)
        cp = (cp << 6) | (s[(*i)++] & 0x3F);
    return cp;
}

static uint8_t describe(const char *str, size_t n, int32_t *cplen, int nul) {
    const unsigned char *s = (const unsigned char *)str;
    uint8_t flags = nul ? F_NUL : 0;
    int32_t count = 0;
    size_t last_start = 0;
    for (size_t i = 0; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            count++;
            last_start = i;
        }
        if (s[i] >= 0x80)
            flags |= F_NONASCII;
        else if (s[i] == '-' || s[i] == '/' || s[i] == ':')
            flags |= F_DATE_MARK;
    }
    *cplen = count;
    if (n) {
        size_t i = 0;
        uint32_t head = decode_at(s, n, &i);
        i = last_start;
        uint32_t tail = decode_at(s, n, &i);
        if (Py_UNICODE_ISSPACE(head) || Py_UNICODE_ISSPACE(tail))
            flags |= F_EDGE_SPACE;
    }
    return flags;
}

#define SLOT_HIGH 0xFFFFFFFF00000000ULL

static int intern_grow(Intern *t) {
    size_t nslots = t->nslots * 2;
    uint64_t *slots = calloc(nslots, sizeof(uint64_t));
    if (!slots)
        return -1;
    const uint64_t *hashes = (const uint64_t *)t->hashes.data;
    for (size_t i = 0; i < t->count; i++) {
        size_t j = hashes[i] & (nslots - 1);
        while (slots[j])
            j = (j + 1) & (nslots - 1);
        slots[j] = (hashes[i] & SLOT_HIGH) | (uint64_t)(i + 1);
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    return 0;
}

/* The index of the string among the column's distinct strings; -1 when out of memory. */
static int64_t intern(Intern *t, const char *s, size_t n, int nul, int64_t feature) {
    size_t len;
    if (t->last >= 0) {
        const char *prev = intern_str(t, (size_t)t->last, &len);
        if (len == n && memcmp(prev, s, n) == 0)
            return t->last;
    }
    uint64_t h = hash_bytes(s, n);
    size_t j = h & (t->nslots - 1);
    while (t->slots[j]) {
        uint64_t slot = t->slots[j];
        if ((slot & SLOT_HIGH) == (h & SLOT_HIGH)) {
            size_t i = (size_t)(slot & 0xFFFFFFFFULL) - 1;
            const char *other = intern_str(t, i, &len);
            if (len == n && memcmp(other, s, n) == 0) {
                t->last = (int64_t)i;
                return t->last;
            }
        }
        j = (j + 1) & (t->nslots - 1);
    }
    if (t->count >= 0xFFFFFFF0u)
        return -1;
    int32_t cplen;
    uint8_t flags = describe(s, n, &cplen, nul);
    if (buf_append(&t->blob, s, n) || buf_append(&t->hashes, &h, sizeof h) || buf_append(&t->first, &feature, sizeof feature) ||
        buf_append(&t->cplen, &cplen, sizeof cplen) || buf_append(&t->flags, &flags, 1))
        return -1;
    int64_t end = (int64_t)t->blob.len;
    if (buf_append(&t->offsets, &end, sizeof end))
        return -1;
    t->slots[j] = (h & SLOT_HIGH) | (uint64_t)(t->count + 1);
    t->last = (int64_t)t->count;
    t->count++;
    if (t->count * 2 > t->nslots && intern_grow(t))
        return -1;
    return t->last;
}

/* -- columns and the scanner -------------------------------------------------------------- */

typedef struct {
    char *name;
    size_t name_len;
    uint64_t hash;
    int collected;
    int64_t last_feature; /* a key twice in one feature is refused */
    uint8_t *kinds;
    double *numbers;
    int32_t *codes;
    Intern strings;
} Column;

typedef struct {
    const char *begin, *p, *end;
    const char *error;
    const char *error_at;
    c_locale_t c_locale;
    Buf scratch; /* decoded strings with escapes */
    /* requested keys (NULL: all) */
    char **wanted;
    size_t *wanted_len;
    size_t nwanted;
    /* columns, found by key */
    Column **cols;
    size_t ncols, cols_cap;
    uint32_t *key_slots;
    size_t key_nslots;
    /* per-feature arrays */
    size_t cap;
    int64_t n;
    uint8_t *gtype, *gz;
    double *gx, *gy;
    Buf span_feature, span_start, span_end;
    /* key order of each feature: the current one, the previous one, and the distinct ones */
    Buf seq, prev_seq, seq_pool, seq_offsets, seq_hashes;
    uint32_t *seq_slots;
    size_t seq_nslots, seq_count;
    /* top level */
    const char *crs_start, *crs_end, *name_start, *name_end;
    int bom;
} Scanner;

static int fail(Scanner *s, const char *message) {
    if (!s->error) {
        s->error = message;
        s->error_at = s->p;
    }
    return -1;
}

static inline void skip_ws(Scanner *s) {
    const char *p = s->p, *end = s->end;
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    s->p = p;
}

static inline int expect(Scanner *s, char c) {
    skip_ws(s);
    if (s->p >= s->end || *s->p != c)
        return fail(s, c == ':' ? "expected ':'" : "unexpected character");
    s->p++;
    return 0;
}

static int hex4(const char *p, uint32_t *out) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint32_t)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static int put_utf8(Buf *b, uint32_t cp) {
    char out[4];
    size_t n;
    if (cp < 0x80) {
        out[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return buf_append(b, out, n);
}

/* Length of a valid UTF-8 sequence starting at p (a byte >= 0x80), or 0 when invalid. */
static inline size_t utf8_sequence(const unsigned char *p, const unsigned char *end) {
    unsigned char c = p[0];
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c == 0xE0) {
        need = 2;
        lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
        need = 2;
    else if (c == 0xED) {
        need = 2;
        hi = 0x9F;
    } else if (c == 0xF0) {
        need = 3;
        lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3)
        need = 3;
    else if (c == 0xF4) {
        need = 3;
        hi = 0x8F;
    } else
        return 0;
    if ((size_t)(end - p) <= need)
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i <= need; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return need + 1;
}

/* bytes a string holds as they are: printable ASCII but the quote and the backslash */
static unsigned char PLAIN[256];

static void init_plain(void) {
    for (int c = 0x20; c < 0x80; c++)
        PLAIN[c] = c != '"' && c != '\\';
}

/*
 * Reads the string at s->p (which points at the opening quote). The decoded UTF-8 is left in
 * out and len: a pointer into the file when the string has no escapes, else into s->scratch.
 */
static int read_string(Scanner *s, const char **out, size_t *len, int *nul) {
    const unsigned char *p = (const unsigned char *)s->p + 1, *end = (const unsigned char *)s->end;
    const unsigned char *start = p;
    int copying = 0;
    *nul = 0;
    for (;;) {
        /* the common run of plain ASCII */
        while (p < end && PLAIN[*p])
            p++;
        if (p >= end) {
            s->p = (const char *)p;
            return fail(s, "unterminated string");
        }
        unsigned char c = *p;
        if (c == '"') {
            if (copying) {
                if (buf_append(&s->scratch, start, (size_t)(p - start)))
                    return fail(s, "out of memory");
                *out = s->scratch.data;
                *len = s->scratch.len;
            } else {
                *out = (const char *)start;
                *len = (size_t)(p - start);
            }
            s->p = (const char *)p + 1;
            return 0;
        }
        if (c >= 0x80) {
            size_t n = utf8_sequence(p, end);
            if (!n) {
                s->p = (const char *)p;
                return fail(s, "text is not UTF-8");
            }
            p += n;
            continue;
        }
        if (c < 0x20) {
            s->p = (const char *)p;
            return fail(s, "control character in string");
        }
        /* an escape */
        if (!copying) {
            s->scratch.len = 0;
            copying = 1;
        }
        if (buf_append(&s->scratch, start, (size_t)(p - start)))
            return fail(s, "out of memory");
        if (end - p < 2) {
            s->p = (const char *)p;
            return fail(s, "unterminated string");
        }
        char e = (char)p[1];
        char plain = 0;
        switch (e) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': break;
        default:
            s->p = (const char *)p;
            return fail(s, "invalid escape");
        }
        if (e != 'u') {
            if (buf_append(&s->scratch, &plain, 1))
                return fail(s, "out of memory");
            p += 2;
            start = p;
            continue;
        }
        uint32_t cp;
        if (end - p < 6 || hex4((const char *)p + 2, &cp)) {
            s->p = (const char *)p;
            return fail(s, "invalid \\u escape");
        }
        p += 6;
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
            s->p = (const char *)p;
            return fail(s, "lone surrogate");
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4((const char *)p + 2, &low) || low < 0xDC00 || low > 0xDFFF) {
                s->p = (const char *)p;
                return fail(s, "lone surrogate");
            }
            p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (cp == 0)
            *nul = 1;
        if (put_utf8(&s->scratch, cp))
            return fail(s, "out of memory");
        start = p;
    }
}

static const double POW10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* A JSON number, strictly as RFC 8259 writes it, converted with correct rounding. */
static int read_number(Scanner *s, double *value, int *is_int) {
    const char *p = s->p, *end = s->end, *start = p;
    int negative = 0, digits = 0, exact = 1;
    uint64_t mantissa = 0;
    int64_t exponent = 0;
    if (p < end && *p == '-') {
        negative = 1;
        p++;
    }
    if (p >= end || *p < '0' || *p > '9')
        return fail(s, "invalid number");
    if (*p == '0') {
        p++;
    } else {
        while (p < end && *p >= '0' && *p <= '9') {
            if (digits < 19) {
                mantissa = mantissa * 10 + (uint64_t)(*p - '0');
                if (mantissa)
                    digits++;
            } else {
                exact = 0;
            }
            p++;
        }
    }
    *is_int = 1;
    if (p < end && *p == '.') {
        *is_int = 0;
        p++;
        if (p >= end || *p < '0' || *p > '9') {
            s->p = p;
            return fail(s, "invalid number");
        }
        while (p < end && *p >= '0' && *p <= '9') {
            if (digits < 19) {
                mantissa = mantissa * 10 + (uint64_t)(*p - '0');
                if (mantissa)
                    digits++;
                exponent--;
            } else {
                exact = 0;
            }
            p++;
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        *is_int = 0;
        p++;
        int exp_negative = 0;
        int64_t e = 0;
        if (p < end && (*p == '+' || *p == '-')) {
            exp_negative = *p == '-';
            p++;
        }
        if (p >= end || *p < '0' || *p > '9') {
            s->p = p;
            return fail(s, "invalid number");
        }
        while (p < end && *p >= '0' && *p <= '9') {
            if (e < 100000)
                e = e * 10 + (*p - '0');
            p++;
        }
        exponent += exp_negative ? -e : e;
    }
    s->p = p;
    /* Clinger's fast path: both operands exact, so one correctly rounded operation */
    if (exact && mantissa <= (1ULL << 53) && exponent >= -22 && exponent <= 22) {
        double d = (double)mantissa;
        d = exponent >= 0 ? d * POW10[exponent] : d / POW10[-exponent];
        *value = negative ? -d : d;
        return 0;
    }
    size_t n = (size_t)(p - start);
    char local[64];
    char *text = n < sizeof local ? local : malloc(n + 1);
    if (!text)
        return fail(s, "out of memory");
    memcpy(text, start, n);
    text[n] = 0;
    *value = c_strtod(text, NULL, s->c_locale);
    if (text != local)
        free(text);
    return 0;
}

static int skip_value(Scanner *s, int depth);

static int skip_container(Scanner *s, int depth, char close) {
    if (depth > MAX_DEPTH)
        return fail(s, "nesting too deep");
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == close) {
        s->p++;
        return 0;
    }
    for (;;) {
        skip_ws(s);
        if (close == '}') {
            const char *key;
            size_t len;
            int nul;
            if (s->p >= s->end || *s->p != '"')
                return fail(s, "expected a member name");
            if (read_string(s, &key, &len, &nul) || expect(s, ':'))
                return -1;
        }
        if (skip_value(s, depth + 1))
            return -1;
        skip_ws(s);
        if (s->p >= s->end)
            return fail(s, "unexpected end of file");
        if (*s->p == ',') {
            s->p++;
            continue;
        }
        if (*s->p == close) {
            s->p++;
            return 0;
        }
        return fail(s, "expected ',' or the end of the object or array");
    }
}

static int literal(Scanner *s, const char *word, size_t n) {
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
        return fail(s, "invalid literal");
    s->p += n;
    return 0;
}

static int skip_value(Scanner *s, int depth) {
    skip_ws(s);
    if (s->p >= s->end)
        return fail(s, "unexpected end of file");
    const char *key;
    size_t len;
    int nul, is_int;
    double d;
    switch (*s->p) {
    case '"': return read_string(s, &key, &len, &nul);
    case '{': return skip_container(s, depth, '}');
    case '[': return skip_container(s, depth, ']');
    case 't': return literal(s, "true", 4);
    case 'f': return literal(s, "false", 5);
    case 'n': return literal(s, "null", 4);
    default: return read_number(s, &d, &is_int);
    }
}

/* member names that GDAL matches without regard to case */
static int is_name(const char *key, size_t len, const char *name) {
    size_t n = strlen(name);
    return len == n && memcmp(key, name, n) == 0;
}

/* A "type" member whose value must be the string `expected`; a second one is refused too. */
static int read_type_member(Scanner *s, int *seen, const char *expected, const char *message) {
    const char *t;
    size_t tl;
    int nul;
    skip_ws(s);
    if ((*seen)++ || s->p >= s->end || *s->p != '"')
        return fail(s, message);
    if (read_string(s, &t, &tl, &nul))
        return -1;
    if (!is_name(t, tl, expected))
        return fail(s, message);
    return 0;
}

static int is_name_nocase(const char *key, size_t len, const char *name) {
    size_t n = strlen(name);
    if (len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char a = key[i], b = name[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

/* -- per-feature storage ------------------------------------------------------------------- */

static int grow_array(void **array, size_t old_cap, size_t new_cap, size_t size) {
    if (!*array)
        return 0;
    void *data = realloc(*array, new_cap * size);
    if (!data)
        return -1;
    memset((char *)data + old_cap * size, 0, (new_cap - old_cap) * size);
    *array = data;
    return 0;
}

static int ensure_feature(Scanner *s, int64_t f) {
    if ((size_t)f < s->cap)
        return 0;
    size_t old = s->cap, cap = old ? old * 2 : 1024;
    if (grow_array((void **)&s->gtype, old, cap, 1) || grow_array((void **)&s->gz, old, cap, 1) ||
        grow_array((void **)&s->gx, old, cap, sizeof(double)) || grow_array((void **)&s->gy, old, cap, sizeof(double)))
        return fail(s, "out of memory");
    for (size_t i = 0; i < s->ncols; i++) {
        Column *c = s->cols[i];
        if (grow_array((void **)&c->kinds, old, cap, 1) || grow_array((void **)&c->numbers, old, cap, sizeof(double)) ||
            grow_array((void **)&c->codes, old, cap, sizeof(int32_t)))
            return fail(s, "out of memory");
    }
    s->cap = cap;
    return 0;
}

static int scanner_init_features(Scanner *s) {
    int64_t zero = 0;
    if (buf_append(&s->seq_offsets, &zero, sizeof zero))
        return -1;
    s->cap = 1024;
    s->gtype = calloc(s->cap, 1);
    s->gz = calloc(s->cap, 1);
    s->gx = calloc(s->cap, sizeof(double));
    s->gy = calloc(s->cap, sizeof(double));
    return s->gtype && s->gz && s->gx && s->gy ? 0 : -1;
}

static int wanted(Scanner *s, const char *key, size_t len) {
    if (!s->wanted)
        return 1;
    for (size_t i = 0; i < s->nwanted; i++)
        if (s->wanted_len[i] == len && memcmp(s->wanted[i], key, len) == 0)
            return 1;
    return 0;
}

static int key_table_grow(Scanner *s) {
    size_t nslots = s->key_nslots ? s->key_nslots * 2 : 64;
    uint32_t *slots = calloc(nslots, sizeof(uint32_t));
    if (!slots)
        return -1;
    for (size_t i = 0; i < s->ncols; i++) {
        size_t j = s->cols[i]->hash & (nslots - 1);
        while (slots[j])
            j = (j + 1) & (nslots - 1);
        slots[j] = (uint32_t)(i + 1);
    }
    free(s->key_slots);
    s->key_slots = slots;
    s->key_nslots = nslots;
    return 0;
}

/* The column of a property key, created on first sight; -1 on error. */
static int64_t column_of(Scanner *s, const char *key, size_t len, size_t position) {
    /* features usually list their keys in the same order as the feature before */
    if (position < s->prev_seq.len / sizeof(int32_t)) {
        Column *c = s->cols[((int32_t *)s->prev_seq.data)[position]];
        if (c->name_len == len && memcmp(c->name, key, len) == 0)
            return ((int32_t *)s->prev_seq.data)[position];
    }
    uint64_t h = hash_bytes(key, len);
    size_t j = h & (s->key_nslots - 1);
    while (s->key_slots[j]) {
        Column *c = s->cols[s->key_slots[j] - 1];
        if (c->hash == h && c->name_len == len && memcmp(c->name, key, len) == 0)
            return s->key_slots[j] - 1;
        j = (j + 1) & (s->key_nslots - 1);
    }
    if (s->ncols == s->cols_cap) {
        size_t cap = s->cols_cap ? s->cols_cap * 2 : 32;
        Column **cols = realloc(s->cols, cap * sizeof(Column *));
        if (!cols)
            return fail(s, "out of memory");
        s->cols = cols;
        s->cols_cap = cap;
    }
    Column *c = calloc(1, sizeof(Column));
    if (!c)
        return fail(s, "out of memory");
    c->name = malloc(len ? len : 1);
    c->kinds = calloc(s->cap, 1);
    if (!c->name || !c->kinds || intern_init(&c->strings)) {
        free(c->name);
        free(c->kinds);
        intern_free(&c->strings);
        free(c);
        return fail(s, "out of memory");
    }
    memcpy(c->name, key, len);
    c->name_len = len;
    c->hash = h;
    c->collected = wanted(s, key, len);
    c->last_feature = -1;
    s->cols[s->ncols] = c;
    s->key_slots[j] = (uint32_t)(s->ncols + 1);
    s->ncols++;
    if (s->ncols * 2 > s->key_nslots && key_table_grow(s))
        return fail(s, "out of memory");
    return (int64_t)s->ncols - 1;
}

static int store_value(Scanner *s, Column *c, int64_t f) {
    skip_ws(s);
    if (s->p >= s->end)
        return fail(s, "unexpected end of file");
    char ch = *s->p;
    if (ch == '"') {
        const char *str;
        size_t len;
        int nul;
        if (read_string(s, &str, &len, &nul))
            return -1;
        if (!c->codes && !(c->codes = calloc(s->cap, sizeof(int32_t))))
            return fail(s, "out of memory");
        int64_t code = intern(&c->strings, str, len, nul, f);
        if (code < 0)
            return fail(s, "out of memory");
        c->codes[f] = (int32_t)code;
        c->kinds[f] = K_STRING;
        return 0;
    }
    if (ch == '{' || ch == '[') {
        c->kinds[f] = K_NESTED;
        return skip_value(s, 2);
    }
    if (ch == 't') {
        c->kinds[f] = K_TRUE;
        return literal(s, "true", 4);
    }
    if (ch == 'f') {
        c->kinds[f] = K_FALSE;
        return literal(s, "false", 5);
    }
    if (ch == 'n') {
        c->kinds[f] = K_NULL;
        return literal(s, "null", 4);
    }
    double d;
    int is_int;
    if (read_number(s, &d, &is_int))
        return -1;
    if (!c->numbers && !(c->numbers = calloc(s->cap, sizeof(double))))
        return fail(s, "out of memory");
    c->numbers[f] = d;
    c->kinds[f] = is_int ? K_INT : K_REAL;
    return 0;
}

static int remember_sequence(Scanner *s) {
    size_t n = s->seq.len / sizeof(int32_t);
    const int32_t *ids = (const int32_t *)s->seq.data;
    uint64_t h = hash_bytes(s->seq.data ? s->seq.data : "", s->seq.len);
    size_t j = h & (s->seq_nslots - 1);
    const int64_t *offsets = (const int64_t *)s->seq_offsets.data;
    const uint64_t *hashes = (const uint64_t *)s->seq_hashes.data;
    while (s->seq_slots[j]) {
        size_t i = s->seq_slots[j] - 1;
        if (hashes[i] == h && (size_t)(offsets[i + 1] - offsets[i]) == n &&
            memcmp(s->seq_pool.data + offsets[i] * sizeof(int32_t), ids, s->seq.len) == 0)
            goto done;
        j = (j + 1) & (s->seq_nslots - 1);
    }
    int64_t end = (int64_t)(s->seq_pool.len / sizeof(int32_t)) + (int64_t)n;
    if ((s->seq.len && buf_append(&s->seq_pool, s->seq.data, s->seq.len)) || buf_append(&s->seq_offsets, &end, sizeof end) ||
        buf_append(&s->seq_hashes, &h, sizeof h))
        return fail(s, "out of memory");
    s->seq_slots[j] = (uint32_t)(s->seq_count + 1);
    s->seq_count++;
    if (s->seq_count * 2 > s->seq_nslots) {
        size_t nslots = s->seq_nslots * 2;
        uint32_t *slots = calloc(nslots, sizeof(uint32_t));
        if (!slots)
            return fail(s, "out of memory");
        hashes = (const uint64_t *)s->seq_hashes.data;
        for (size_t i = 0; i < s->seq_count; i++) {
            size_t k = hashes[i] & (nslots - 1);
            while (slots[k])
                k = (k + 1) & (nslots - 1);
            slots[k] = (uint32_t)(i + 1);
        }
        free(s->seq_slots);
        s->seq_slots = slots;
        s->seq_nslots = nslots;
    }
done:;
    /* this feature's order is the guess for the next one */
    Buf t = s->prev_seq;
    s->prev_seq = s->seq;
    s->seq = t;
    s->seq.len = 0;
    return 0;
}

static int read_properties(Scanner *s, int64_t f) {
    skip_ws(s);
    if (s->p >= s->end)
        return fail(s, "unexpected end of file");
    if (*s->p == 'n')
        return literal(s, "null", 4);
    if (*s->p != '{')
        return fail(s, "properties must be an object or null");
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == '}') {
        s->p++;
        return 0;
    }
    size_t position = 0;
    for (;;) {
        skip_ws(s);
        const char *key;
        size_t len;
        int nul;
        if (s->p >= s->end || *s->p != '"')
            return fail(s, "expected a property name");
        if (read_string(s, &key, &len, &nul))
            return -1;
        if (nul)
            return fail(s, "property name holds U+0000");
        int64_t id = column_of(s, key, len, position++);
        if (id < 0)
            return -1;
        Column *c = s->cols[id];
        if (c->last_feature == f)
            return fail(s, "property named twice in one feature");
        c->last_feature = f;
        int32_t id32 = (int32_t)id;
        if (buf_append(&s->seq, &id32, sizeof id32))
            return fail(s, "out of memory");
        if (expect(s, ':'))
            return -1;
        if (c->collected ? store_value(s, c, f) : skip_value(s, 2))
            return -1;
        skip_ws(s);
        if (s->p >= s->end)
            return fail(s, "unexpected end of file");
        if (*s->p == ',') {
            s->p++;
            continue;
        }
        if (*s->p == '}') {
            s->p++;
            return 0;
        }
        return fail(s, "expected ',' or '}'");
    }
}

static int add_span(Scanner *s, int64_t f, const char *start, const char *stop) {
    int64_t a = (int64_t)(start - s->begin), b = (int64_t)(stop - s->begin);
    if (buf_append(&s->span_feature, &f, sizeof f) || buf_append(&s->span_start, &a, sizeof a) ||
        buf_append(&s->span_end, &b, sizeof b))
        return fail(s, "out of memory");
    return 0;
}

static int read_geometry(Scanner *s, int64_t f) {
    skip_ws(s);
    if (s->p >= s->end)
        return fail(s, "unexpected end of file");
    const char *start = s->p;
    if (*s->p == 'n') {
        s->gtype[f] = G_NONE;
        return literal(s, "null", 4);
    }
    if (*s->p != '{') {
        if (skip_value(s, 1))
            return -1;
        s->gtype[f] = G_OTHER;
        return add_span(s, f, start, s->p);
    }
    int is_point = 0, plain = 1, have_coordinates = 0, have_type = 0;
    double c[3] = {0, 0, 0};
    int count = 0;
    s->p++;
    skip_ws(s);
    if (s->p < s->end && *s->p == '}') {
        s->p++;
        plain = 0;
    } else {
        for (;;) {
            skip_ws(s);
            const char *key;
            size_t len;
            int nul;
            if (s->p >= s->end || *s->p != '"')
                return fail(s, "expected a member name");
            if (read_string(s, &key, &len, &nul) || expect(s, ':'))
                return -1;
            if (is_name(key, len, "type")) {
                if (have_type++)
                    plain = 0;
                skip_ws(s);
                if (s->p < s->end && *s->p == '"') {
                    const char *t;
                    size_t tl;
                    if (read_string(s, &t, &tl, &nul))
                        return -1;
                    is_point = is_name(t, tl, "Point");
                } else if (skip_value(s, 1)) {
                    return -1;
                }
            } else if (is_name(key, len, "coordinates") && !have_coordinates) {
                have_coordinates = 1;
                skip_ws(s);
                const char *array = s->p;
                int flat = s->p < s->end && *s->p == '[';
                if (flat) {
                    s->p++;
                    skip_ws(s);
                    if (s->p < s->end && *s->p == ']') {
                        s->p++;
                    } else {
                        for (;;) {
                            skip_ws(s);
                            if (s->p >= s->end)
                                return fail(s, "unexpected end of file");
                            char ch = *s->p;
                            if (ch != '-' && (ch < '0' || ch > '9')) {
                                flat = 0;
                                break;
                            }
                            double d;
                            int is_int;
                            if (read_number(s, &d, &is_int))
                                return -1;
                            if (count < 3)
                                c[count] = d;
                            count++;
                            skip_ws(s);
                            if (s->p < s->end && *s->p == ',') {
                                s->p++;
                                continue;
                            }
                            if (s->p < s->end && *s->p == ']') {
                                s->p++;
                                break;
                            }
                            return fail(s, "expected ',' or ']'");
                        }
                    }
                }
                if (!flat) {
                    plain = 0;
                    s->p = array;
                    if (skip_value(s, 1))
                        return -1;
                }
            } else {
                /* bbox, crs, or names GDAL reads without regard to case: OGR decides */
                plain = 0;
                if (skip_value(s, 1))
                    return -1;
            }
            skip_ws(s);
            if (s->p >= s->end)
                return fail(s, "unexpected end of file");
            if (*s->p == ',') {
                s->p++;
                continue;
            }
            if (*s->p == '}') {
                s->p++;
                break;
            }
            return fail(s, "expected ',' or '}'");
        }
    }
    if (is_point && plain && have_coordinates && (count == 2 || count == 3)) {
        s->gtype[f] = G_POINT;
        s->gx[f] = c[0];
        s->gy[f] = c[1];
        if (count == 3) {
            s->gz[f] = 1;
            return add_span(s, f, start, s->p);
        }
        return 0;
    }
    s->gtype[f] = G_OTHER;
    return add_span(s, f, start, s->p);
}

static int read_feature(Scanner *s) {
    int64_t f = s->n;
    if (ensure_feature(s, f))
        return -1;
    skip_ws(s);
    if (s->p >= s->end || *s->p != '{')
        return fail(s, "a feature must be an object");
    s->p++;
    int seen_type = 0, seen_properties = 0, seen_geometry = 0;
    skip_ws(s);
    if (s->p < s->end && *s->p == '}')
        return fail(s, "a feature without \"type\"");
    for (;;) {
        skip_ws(s);
        const char *key;
        size_t len;
        int nul;
        if (s->p >= s->end || *s->p != '"')
            return fail(s, "expected a member name");
        if (read_string(s, &key, &len, &nul) || expect(s, ':'))
            return -1;
        if (is_name(key, len, "type")) {
            if (read_type_member(s, &seen_type, "Feature", "feature \"type\" must be the string \"Feature\""))
                return -1;
        } else if (is_name(key, len, "properties")) {
            if (seen_properties++)
                return fail(s, "\"properties\" twice in one feature");
            if (read_properties(s, f))
                return -1;
        } else if (is_name(key, len, "geometry")) {
            if (seen_geometry++)
                return fail(s, "\"geometry\" twice in one feature");
            if (read_geometry(s, f))
                return -1;
        } else if (is_name_nocase(key, len, "id") || is_name_nocase(key, len, "type") ||
                   is_name_nocase(key, len, "properties") || is_name_nocase(key, len, "geometry")) {
            return fail(s, "feature member that GDAL reads differently");
        } else if (skip_value(s, 1)) {
            return -1;
        }
        skip_ws(s);
        if (s->p >= s->end)
            return fail(s, "unexpected end of file");
        if (*s->p == ',') {
            s->p++;
            continue;
        }
        if (*s->p == '}') {
            s->p++;
            break;
        }
        return fail(s, "expected ',' or '}'");
    }
    if (!seen_type)
        return fail(s, "a feature without \"type\"");
    if (remember_sequence(s))
        return -1;
    s->n = f + 1;
    return 0;
}

static void scanner_free(Scanner *s) {
    buf_free(&s->scratch);
    for (size_t i = 0; i < s->ncols; i++) {
        Column *c = s->cols[i];
        if (!c)
            continue;
        free(c->name);
        free(c->kinds);
        free(c->numbers);
        free(c->codes);
        intern_free(&c->strings);
        free(c);
    }
    free(s->cols);
    free(s->key_slots);
    free(s->gtype);
    free(s->gz);
    free(s->gx);
    free(s->gy);
    buf_free(&s->span_feature);
    buf_free(&s->span_start);
    buf_free(&s->span_end);
    buf_free(&s->seq);
    buf_free(&s->prev_seq);
    buf_free(&s->seq_pool);
    buf_free(&s->seq_offsets);
    buf_free(&s->seq_hashes);
    free(s->seq_slots);
    for (size_t i = 0; i < s->nwanted; i++)
        free(s->wanted[i]);
    free(s->wanted);
    free(s->wanted_len);
}

/* -- the file ------------------------------------------------------------------------------ */

typedef struct {
    const char *data;
    size_t size;
    int mapped;
} FileView;

static int open_view(const char *path, FileView *view) {
    memset(view, 0, sizeof *view);
#ifndef _WIN32
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return -1;
    }
    view->size = (size_t)st.st_size;
    if (view->size == 0) {
        close(fd);
        view->data = "";
        return 0;
    }
    void *data = mmap(NULL, view->size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (data == MAP_FAILED)
        return -1;
#ifdef MADV_SEQUENTIAL
    madvise(data, view->size, MADV_SEQUENTIAL);
#endif
    view->data = data;
    view->mapped = 1;
    return 0;
#else
    FILE *file = fopen(path, "rb");
    if (!file)
        return -1;
    Buf b = {0};
    char chunk[1 << 16];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0)
        if (buf_append(&b, chunk, got)) {
            fclose(file);
            buf_free(&b);
            return -1;
        }
    fclose(file);
    view->data = b.data ? b.data : "";
    view->size = b.len;
    return 0;
#endif
}

static void close_view(FileView *view) {
#ifndef _WIN32
    if (view->mapped)
        munmap((void *)view->data, view->size);
#else
    if (view->size)
        free((void *)view->data);
#endif
}

/* Drops the pages already read, so the file does not stay in the process's resident memory. */
static void release_behind(Scanner *s, FileView *view, size_t *released) {
#if !defined(_WIN32) && defined(MADV_DONTNEED)
    size_t done = (size_t)(s->p - s->begin);
    size_t step = (size_t)64 << 20;
    if (view->mapped && done > *released + 2 * step) {
        size_t page = (size_t)sysconf(_SC_PAGESIZE);
        size_t upto = ((done - step) / page) * page;
        if (upto > *released) {
            madvise((char *)view->data + *released, upto - *released, MADV_DONTNEED);
            *released = upto;
        }
    }
#else
    (void)s;
    (void)view;
    (void)released;
#endif
}

/* The whole document; view is NULL for text already in memory. */
static int read_collection(Scanner *s, FileView *view) {
    size_t released = 0;
    if (s->end - s->p >= 3 && memcmp(s->p, "\xEF\xBB\xBF", 3) == 0) {
        s->bom = 1;
        s->p += 3;
    }
    if (expect(s, '{'))
        return -1;
    int seen_type = 0, seen_features = 0;
    skip_ws(s);
    if (s->p < s->end && *s->p == '}')
        return fail(s, "not a FeatureCollection");
    for (;;) {
        skip_ws(s);
        const char *key;
        size_t len;
        int nul;
        if (s->p >= s->end || *s->p != '"')
            return fail(s, "expected a member name");
        if (read_string(s, &key, &len, &nul) || expect(s, ':'))
            return -1;
        if (is_name(key, len, "type")) {
            if (read_type_member(s, &seen_type, "FeatureCollection", "not a FeatureCollection"))
                return -1;
        } else if (is_name(key, len, "features")) {
            if (seen_features++)
                return fail(s, "\"features\" twice");
            skip_ws(s);
            if (s->p >= s->end || *s->p != '[')
                return fail(s, "\"features\" must be an array");
            s->p++;
            skip_ws(s);
            if (s->p < s->end && *s->p == ']') {
                s->p++;
            } else {
                for (;;) {
                    if (read_feature(s))
                        return -1;
                    if (view && (s->n & 4095) == 0)
                        release_behind(s, view, &released);
                    skip_ws(s);
                    if (s->p >= s->end)
                        return fail(s, "unexpected end of file");
                    if (*s->p == ',') {
                        s->p++;
                        continue;
                    }
                    if (*s->p == ']') {
                        s->p++;
                        break;
                    }
                    return fail(s, "expected ',' or ']'");
                }
            }
        } else if (is_name(key, len, "crs") || is_name(key, len, "name")) {
            const char **start = key[0] == 'c' ? &s->crs_start : &s->name_start;
            const char **stop = key[0] == 'c' ? &s->crs_end : &s->name_end;
            if (*start)
                return fail(s, "top-level member twice");
            skip_ws(s);
            *start = s->p;
            if (skip_value(s, 1))
                return -1;
            *stop = s->p;
        } else if (is_name_nocase(key, len, "type") || is_name_nocase(key, len, "features") || is_name_nocase(key, len, "crs") ||
                   is_name_nocase(key, len, "name")) {
            return fail(s, "top-level member that GDAL reads differently");
        } else if (skip_value(s, 1)) {
            return -1;
        }
        skip_ws(s);
        if (s->p >= s->end)
            return fail(s, "unexpected end of file");
        if (*s->p == ',') {
            s->p++;
            continue;
        }
        if (*s->p == '}') {
            s->p++;
            break;
        }
        return fail(s, "expected ',' or '}'");
    }
    skip_ws(s);
    if (s->p != s->end)
        return fail(s, "text after the end of the collection");
    if (!seen_type || !seen_features)
        return fail(s, "not a FeatureCollection");
    return 0;
}

/* -- results ------------------------------------------------------------------------------- */

static PyObject *bytes_of(const void *data, size_t n) { return PyBytes_FromStringAndSize(n ? (const char *)data : "", (Py_ssize_t)n); }

static int set_item(PyObject *dict, const char *key, PyObject *value) {
    if (!value)
        return -1;
    int rc = PyDict_SetItemString(dict, key, value);
    Py_DECREF(value);
    return rc;
}

static PyObject *text_or_none(const char *start, const char *stop) {
    if (!start)
        Py_RETURN_NONE;
    return bytes_of(start, (size_t)(stop - start));
}

static PyObject *column_result(Column *c, int64_t n) {
    PyObject *d = PyDict_New();
    if (!d)
        return NULL;
    Intern *t = &c->strings;
    if (set_item(d, "kinds", bytes_of(c->kinds, (size_t)n)) ||
        set_item(d, "numbers", c->numbers ? bytes_of(c->numbers, (size_t)n * sizeof(double)) : Py_NewRef(Py_None)) ||
        set_item(d, "codes", c->codes ? bytes_of(c->codes, (size_t)n * sizeof(int32_t)) : Py_NewRef(Py_None)) ||
        set_item(d, "blob", bytes_of(t->blob.data, t->blob.len)) ||
        set_item(d, "offsets", bytes_of(t->offsets.data, t->offsets.len)) ||
        set_item(d, "first", bytes_of(t->first.data, t->first.len)) ||
        set_item(d, "cplen", bytes_of(t->cplen.data, t->cplen.len)) ||
        set_item(d, "flags", bytes_of(t->flags.data, t->flags.len))) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

static PyObject *build_result(Scanner *s) {
    PyObject *result = PyDict_New(), *keys = NULL, *columns = NULL, *unrequested = NULL, *sequences = NULL, *geometry = NULL;
    if (!result)
        return NULL;
    int64_t n = s->n;
    if (!(keys = PyList_New(0)) || !(columns = PyDict_New()) || !(unrequested = PyList_New(0)) || !(sequences = PyList_New(0)) ||
        !(geometry = PyDict_New()))
        goto error;
    for (size_t i = 0; i < s->ncols; i++) {
        Column *c = s->cols[i];
        PyObject *name = PyUnicode_DecodeUTF8(c->name, (Py_ssize_t)c->name_len, "strict");
        if (!name)
            goto error;
        int rc = PyList_Append(keys, name);
        if (!rc) {
            if (c->collected) {
                PyObject *col = column_result(c, n);
                rc = col ? PyDict_SetItem(columns, name, col) : -1;
                Py_XDECREF(col);
            } else {
                rc = PyList_Append(unrequested, name);
            }
        }
        Py_DECREF(name);
        if (rc)
            goto error;
        /* the column's memory is not needed any more: keep the peak low */
        free(c->kinds);
        free(c->numbers);
        free(c->codes);
        c->kinds = NULL;
        c->numbers = NULL;
        c->codes = NULL;
        intern_free(&c->strings);
    }
    const int64_t *offsets = (const int64_t *)s->seq_offsets.data;
    const int32_t *pool = (const int32_t *)s->seq_pool.data;
    for (size_t i = 0; i < s->seq_count; i++) {
        Py_ssize_t len = (Py_ssize_t)(offsets[i + 1] - offsets[i]);
        PyObject *tuple = PyTuple_New(len);
        if (!tuple)
            goto error;
        for (Py_ssize_t k = 0; k < len; k++) {
            PyObject *v = PyLong_FromLong(pool[offsets[i] + k]);
            if (!v) {
                Py_DECREF(tuple);
                goto error;
            }
            PyTuple_SET_ITEM(tuple, k, v);
        }
        int rc = PyList_Append(sequences, tuple);
        Py_DECREF(tuple);
        if (rc)
            goto error;
    }
    if (set_item(geometry, "type", bytes_of(s->gtype, (size_t)n)) || set_item(geometry, "z", bytes_of(s->gz, (size_t)n)) ||
        set_item(geometry, "x", bytes_of(s->gx, (size_t)n * sizeof(double))) ||
        set_item(geometry, "y", bytes_of(s->gy, (size_t)n * sizeof(double))) ||
        set_item(geometry, "span_feature", bytes_of(s->span_feature.data, s->span_feature.len)) ||
        set_item(geometry, "span_start", bytes_of(s->span_start.data, s->span_start.len)) ||
        set_item(geometry, "span_end", bytes_of(s->span_end.data, s->span_end.len)))
        goto error;
    if (set_item(result, "count", PyLong_FromLongLong(n)) || set_item(result, "keys", Py_NewRef(keys)) ||
        set_item(result, "sequences", Py_NewRef(sequences)) || set_item(result, "columns", Py_NewRef(columns)) ||
        set_item(result, "unrequested", Py_NewRef(unrequested)) || set_item(result, "geometry", Py_NewRef(geometry)) ||
        set_item(result, "crs", text_or_none(s->crs_start, s->crs_end)) ||
        set_item(result, "name", text_or_none(s->name_start, s->name_end)) || set_item(result, "bom", PyBool_FromLong(s->bom)))
        goto error;
    Py_DECREF(keys);
    Py_DECREF(columns);
    Py_DECREF(unrequested);
    Py_DECREF(sequences);
    Py_DECREF(geometry);
    return result;
error:
    Py_XDECREF(keys);
    Py_XDECREF(columns);
    Py_XDECREF(unrequested);
    Py_XDECREF(sequences);
    Py_XDECREF(geometry);
    Py_DECREF(result);
    return NULL;
}

static int set_wanted(Scanner *s, PyObject *columns) {
    if (columns == Py_None)
        return 0;
    PyObject *seq = PySequence_Fast(columns, "columns must be a sequence of str or None");
    if (!seq)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    s->wanted = calloc((size_t)n + 1, sizeof(char *));
    s->wanted_len = calloc((size_t)n + 1, sizeof(size_t));
    if (!s->wanted || !s->wanted_len) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t len;
        const char *text = PyUnicode_AsUTF8AndSize(PySequence_Fast_GET_ITEM(seq, i), &len);
        if (!text) {
            Py_DECREF(seq);
            return -1;
        }
        s->wanted[i] = malloc((size_t)len + 1);
        if (!s->wanted[i]) {
            Py_DECREF(seq);
            PyErr_NoMemory();
            return -1;
        }
        memcpy(s->wanted[i], text, (size_t)len);
        s->wanted_len[i] = (size_t)len;
        s->nwanted = (size_t)i + 1;
    }
    Py_DECREF(seq);
    return 0;
}

static PyObject *scan(PyObject *module, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"path", "columns", NULL};
    PyObject *path_bytes = NULL, *columns = Py_None;
    (void)module;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O&|O:scan", names, PyUnicode_FSConverter, &path_bytes, &columns))
        return NULL;
    Scanner s;
    memset(&s, 0, sizeof s);
    FileView view;
    PyObject *result = NULL;
    if (set_wanted(&s, columns))
        goto done;
    if (open_view(PyBytes_AS_STRING(path_bytes), &view)) {
        PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path_bytes);
        goto done;
    }
    s.c_locale = c_locale_new();
    s.key_nslots = 64;
    s.key_slots = calloc(s.key_nslots, sizeof(uint32_t));
    s.seq_nslots = 64;
    s.seq_slots = calloc(s.seq_nslots, sizeof(uint32_t));
    if (!s.c_locale || !s.key_slots || !s.seq_slots || scanner_init_features(&s)) {
        PyErr_NoMemory();
        goto close;
    }
    s.begin = s.p = view.data;
    s.end = view.data + view.size;
    int rc;
    Py_BEGIN_ALLOW_THREADS;
    rc = read_collection(&s, &view);
    Py_END_ALLOW_THREADS;
    if (rc) {
        if (s.error && strcmp(s.error, "out of memory") == 0)
            PyErr_NoMemory();
        else
            PyErr_Format(PyExc_ValueError, "%s at byte %zd", s.error ? s.error : "malformed GeoJSON",
                         (Py_ssize_t)((s.error_at ? s.error_at : s.p) - s.begin));
        goto close;
    }
    result = build_result(&s);
close:
    if (s.c_locale)
        c_locale_free(s.c_locale);
    close_view(&view);
done:
    scanner_free(&s);
    Py_XDECREF(path_bytes);
    return result;
}

static PyObject *scan_bytes(PyObject *module, PyObject *args) {
    Py_buffer buffer;
    (void)module;
    if (!PyArg_ParseTuple(args, "y*:scan_bytes", &buffer))
        return NULL;
    Scanner s;
    memset(&s, 0, sizeof s);
    PyObject *result = NULL;
    s.c_locale = c_locale_new();
    s.key_nslots = 64;
    s.key_slots = calloc(s.key_nslots, sizeof(uint32_t));
    s.seq_nslots = 64;
    s.seq_slots = calloc(s.seq_nslots, sizeof(uint32_t));
    if (!s.c_locale || !s.key_slots || !s.seq_slots || scanner_init_features(&s)) {
        PyErr_NoMemory();
        goto done;
    }
    s.begin = s.p = buffer.buf;
    s.end = (const char *)buffer.buf + buffer.len;
    if (read_collection(&s, NULL)) {
        if (s.error && strcmp(s.error, "out of memory") == 0)
            PyErr_NoMemory();
        else
            PyErr_Format(PyExc_ValueError, "%s at byte %zd", s.error ? s.error : "malformed GeoJSON",
                         (Py_ssize_t)((s.error_at ? s.error_at : s.p) - s.begin));
        goto done;
    }
    result = build_result(&s);
done:
    if (s.c_locale)
        c_locale_free(s.c_locale);
    scanner_free(&s);
    PyBuffer_Release(&buffer);
    return result;
}

static PyMethodDef methods[] = {
    {"scan", (PyCFunction)(void (*)(void))scan, METH_VARARGS | METH_KEYWORDS,
     "scan(path, columns=None) -> dict: a GeoJSON FeatureCollection as columns (see the module source)."},
    {"scan_bytes", scan_bytes, METH_VARARGS, "scan_bytes(data) -> dict: as scan, for GeoJSON text already in memory."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_fastscan", "Columnar reading of GeoJSON for the fast validation path.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__fastscan(void) {
    init_plain();
    PyObject *module = PyModule_Create(&module_def);
    if (module && PyModule_AddIntConstant(module, "FORMAT", 1)) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
