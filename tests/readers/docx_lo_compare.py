#!/usr/bin/python3
"""Helpers of tests/readers/docx_lo.sh (LibreOffice reading reformgen's DOCX
and XLSX). Prints what is wrong, nothing when all is well.

  text TREE.txt OURS.pdf THEIRS.pdf
      every heading, paragraph, list item, signature line and table cell of the
      document tree (reformgen --dump-tree) is in the text of reformgen's PDF and
      in the text of LibreOffice's PDF of the DOCX (whitespace and page numbers
      aside; cells may wrap differently, so each is looked for whole)
  csv INPUT.json SHEET1.csv
      LibreOffice's CSV of the roster sheet: one row per cadre of the input, and
      every 小计 and 合计 (LibreOffice evaluated the formulas) equal to the counts
      made here from the input
"""
import csv
import json
import re
import subprocess
import sys

BLOCKS = {'title', 'heading', 'p', 'item', 'td', 'line', 'cc', 'issuer', 'date'}


def tree_texts(path):
    """The text of every block of a --dump-tree file."""
    out, stack = [], []     # stack of [depth, name, pieces]
    for raw in open(path, encoding='utf-8'):
        line = raw.rstrip('\n')
        depth = (len(line) - len(line.lstrip(' '))) // 2
        body = line.strip()
        while stack and stack[-1][0] >= depth:
            done = stack.pop()
            if done[1] in BLOCKS:
                out.append(''.join(done[2]))
        if body.startswith('"'):
            s = body[1:-1].replace('\\n', '\n').replace('\\t', '\t').replace('\\"', '"').replace('\\\\', '\\')
            for fr in reversed(stack):
                if fr[1] in BLOCKS:
                    fr[2].append(s)
                    break
        else:
            name = body.split(' ', 1)[0]
            pieces = []
            m = re.search(r' number="([^"]*)"', body)
            if name == 'heading' and m:
                pieces.append(m.group(1))
            stack.append([depth, name, pieces])
    while stack:
        done = stack.pop()
        if done[1] in BLOCKS:
            out.append(''.join(done[2]))
    return [t for t in (re.sub(r'\s+', '', x) for x in out) if t]


def watermark(tree):
    m = re.search(r' watermark="([^"]*)"', open(tree, encoding='utf-8').readline())
    return m.group(1) if m else ''


def pdf_flat(path, mark='', mode='-raw'):
    """The text without white space, page numbers and the watermark's letters
    (drawn one by one over each page, so between the lines of a paragraph)."""
    text = subprocess.run(['pdftotext', mode, path, '-'], capture_output=True, text=True).stdout
    keep = [l for l in text.splitlines()
            if not re.fullmatch(r'\s*(—\s*\d+\s*—|第\s*\d+\s*页\s*共\s*\d+\s*页)\s*', l)
            and not (mark and len(l.strip()) == 1 and l.strip() in mark)]
    return re.sub(r'\s+', '', ''.join(keep))


def check_text(tree, ours, theirs):
    texts = tree_texts(tree)
    # a cell that wraps shares its lines with its neighbours in content order
    # (-raw); the reading order of blocks (-nopgbrk) keeps it whole
    a = pdf_flat(ours, watermark(tree)) + '|' + pdf_flat(ours, watermark(tree), '-nopgbrk')
    b = pdf_flat(theirs) + '|' + pdf_flat(theirs, '', '-nopgbrk')
    bad = 0
    for t in texts:
        for name, flat in (('reformgen PDF', a), ('LibreOffice PDF', b)):
            if t not in flat:
                bad += 1
                if bad <= 5:
                    print(f'{name} lacks: {t[:40]}')
    if not texts:
        print('no text in the tree')


def check_csv(inp, sheet):
    data = json.load(open(inp, encoding='utf-8'))
    rows = list(csv.reader(open(sheet, encoding='utf-8')))
    head, sub = rows[1], rows[2]
    col = {n: i for i, n in enumerate(head) if n}
    col.update({n: i for i, n in enumerate(sub) if n})
    units = {u['name']: u['id'] for u in data['units']}
    by_unit = {}
    for c in data['cadres']:
        by_unit.setdefault(c['unit'], []).append(c)
    tests = {'专职': lambda c: c['mode'] == '专职', '挂职': lambda c: c['mode'] == '挂职',
             '兼职': lambda c: c['mode'] == '兼职', '内': lambda c: c['establishment'] == '编制内',
             '外': lambda c: c['establishment'] == '编制外'}
    cadres = [r for r in rows[3:] if r and r[0].isdigit() and len(r) > 1 and r[1]]
    if len(cadres) != len(data['cadres']):
        print(f'cadre rows: {len(cadres)}, input has {len(data["cadres"])}')
    unit, nsub = None, 0
    for r in rows[3:]:
        if not r:
            continue
        if r[0] in units:
            unit = units[r[0]]
        elif r[0].startswith('小计') or r[0].startswith('合计'):
            group = by_unit.get(unit, []) if r[0].startswith('小计') else data['cadres']
            nsub += r[0].startswith('小计')
            for name, test in tests.items():
                want = sum(1 for c in group if test(c))
                if r[col[name]].strip() != str(want):
                    print(f'{r[0][:8]} {name}: LibreOffice gives {r[col[name]]!r}, the input {want}')
    if nsub != len(by_unit):
        print(f'{nsub} subtotal rows for {len(by_unit)} units')


if sys.argv[1] == 'text':
    check_text(*sys.argv[2:5])
else:
    check_csv(*sys.argv[2:4])
