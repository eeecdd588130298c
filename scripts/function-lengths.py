#!/usr/bin/env python3
"""Lines per function definition in C++ sources (issue #12: no function in server/ or cli/ over
about 80 lines).

  scripts/function-lengths.py [--top N] [--max LINES] DIR_OR_FILE...

Prints the N longest functions (default 5) of each argument, longest first, as
"lines  file:line  name". With --max, exits 1 when any function is longer than LINES.

A function's length runs from the first line of its signature to its closing brace; lambdas
and local classes count towards the function that holds them. The scan is a brace counter over
the source with comments, strings and preprocessor lines blanked out, which is enough for this
code base's style (clang-format, no macros that open braces); it is a measure, not a parser.
"""
import argparse
import os
import re
import sys


def strip(text):
    """Blanks comments, string and character literals and preprocessor lines (keeps newlines)."""
    out = []
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == '#':
            j = i
            while j < n and not (text[j] == '\n' and text[j - 1] != '\\'):
                j += 1
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
            continue
        if c == '\n':
            at_line_start = True
        elif not c.isspace():
            at_line_start = False
        if text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == '_')):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            end = ')' + m.group(1) + '"' if m else '"'
            j = text.find(end, i + 2)
            j = n if j < 0 else j + len(end)
            out.append('""' + re.sub(r'[^\n]', ' ', text[i + 2:j]))
            i = j
        elif c in '"\'' and not (c == "'" and i > 0 and text[i - 1].isalnum()):  # 1'000 digit marks
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + ' ' * (min(j, n) - i - 1) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return ''.join(out)


SCOPE = re.compile(r'\b(namespace|class|struct|union|enum)\b|\bextern\s*"')


def functions(path):
    """Yields (start_line, lines, name) for every function definition in `path`."""
    text = strip(open(path, encoding='utf-8').read())
    stack = []  # 'scope' (namespace, class), 'fn' (a function body) or 'other'
    stmt_start = 0  # where the statement before the next brace began (at scope level)
    fn_start = None
    for i, c in enumerate(text):
        in_fn = any(k == 'fn' for k in stack)
        if c == '{':
            if in_fn:
                stack.append('other')
                continue
            stmt = text[stmt_start:i]
            head = stmt.split('(')[0]
            if '(' not in stmt:
                kind = 'scope' if SCOPE.search(stmt) else 'other'
            elif SCOPE.search(head) and not re.search(r'\boperator\b', head):
                kind = 'scope'
            elif '=' in head and 'operator' not in head:
                kind = 'other'  # an initialiser: `const Table kTable = {...}`
            else:
                kind = 'fn'
                lead = len(stmt) - len(stmt.lstrip())
                fn_start = stmt_start + lead
                name = re.findall(r'([~\w:]+(?:operator\s*\S+)?)\s*$', head.strip())
                fn_name = name[0] if name else head.strip()[-40:]
            stack.append(kind)
            stmt_start = i + 1
        elif c == '}':
            kind = stack.pop() if stack else 'scope'
            if kind == 'fn':
                first = text.count('\n', 0, fn_start) + 1
                last = text.count('\n', 0, i) + 1
                yield first, last - first + 1, fn_name
            if not any(k == 'fn' for k in stack):
                stmt_start = i + 1
        elif c == ';' and not in_fn:
            stmt_start = i + 1
        elif c == ':' and not in_fn and re.search(r'\b(public|private|protected)\s*$', text[stmt_start:i]):
            stmt_start = i + 1


def sources(arg):
    if os.path.isfile(arg):
        yield arg
        return
    for root, _, files in os.walk(arg):
        for f in sorted(files):
            if f.endswith(('.cc', '.h')):
                yield os.path.join(root, f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('paths', nargs='+')
    ap.add_argument('--top', type=int, default=5)
    ap.add_argument('--max', type=int)
    args = ap.parse_args()
    too_long = False
    for arg in args.paths:
        found = [(lines, f'{path}:{start}', name)
                 for path in sources(arg) for start, lines, name in functions(path)]
        found.sort(key=lambda x: -x[0])
        print(f'{arg}: {len(found)} functions')
        for lines, where, name in found[:args.top]:
            print(f'  {lines:5d}  {where}  {name}')
        if args.max is not None and any(lines > args.max for lines, _, _ in found):
            too_long = True
    if too_long:
        print(f'function-lengths: a function is longer than {args.max} lines', file=sys.stderr)
    return 1 if too_long else 0


if __name__ == '__main__':
    sys.exit(main())
