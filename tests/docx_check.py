#!/usr/bin/python3
"""Reads reformgen's DOCX and XLSX back with python3-docx and python3-openpyxl
(tests/t_docx.sh). Prints nothing and exits 0 when all is as expected, else
prints what is wrong and exits 1.

  docx_check.py docx FILE.docx INPUT.json   styles, fonts per style, the grid,
                                            the page, the properties (plan)
  docx_check.py xlsx FILE.xlsx INPUT.json   the roster's cadre rows, every
                                            subtotal and total, against the
                                            input data counted here
  docx_check.py watermark FILE.docx TEXT    every section's headers hold Word's
                                            watermark shape with TEXT along the
                                            page's diagonal (TEXT "": none at all)
  docx_check.py numbers FILE.xlsx -         no cell of any sheet holds as text
                                            what reads as a number (1,085.0 too)
  docx_check.py pages FILE.docx PDF TPL     any document: the 公文 styles with
                                            their fonts, one section per run of
                                            the PDF's page sizes, page numbers as
                                            PAGE fields in the template's size
                                            and position
  docx_check.py sections FILE.docx PDF HDR  one section per run of pages of one
                                            size in reformgen's PDF, in order,
                                            each starting a page, each with the
                                            header line HDR and a PAGE field in
                                            its footers
  docx_check.py many                        the checks above, one a line of
                                            stdin (KEY TAB KIND TAB ARGS TAB-
                                            separated), each file read once;
                                            prints KEY TAB problem for each
                                            problem, then KEY TAB checked
"""
import json
import re
import sys

W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
bad = []


_opened = {}


def open_docx(path):
    """python-docx's Document of path, read once for all the checks of a run."""
    import docx
    if ('docx', path) not in _opened:
        _opened[('docx', path)] = docx.Document(path)
    return _opened[('docx', path)]


def open_xlsx(path):
    """openpyxl's workbook of path, read once for all the checks of a run."""
    import openpyxl
    if ('xlsx', path) not in _opened:
        _opened[('xlsx', path)] = openpyxl.load_workbook(path)
    return _opened[('xlsx', path)]


def expect(what, want, got):
    if want != got:
        bad.append(f'{what}: expected {want!r}, got {got!r}')


def east_asia(style):
    rpr = style.element.rPr
    if rpr is None or rpr.rFonts is None:
        return None
    return rpr.rFonts.get(W + 'eastAsia')


# GB/T 9704: the office fonts, by style
STYLE_FONTS = {'Normal': '仿宋_GB2312', '标题': '方正小标宋简体', '发文机关标志': '方正小标宋简体',
               '一级标题': '黑体', '二级标题': '楷体_GB2312', '版记': '仿宋_GB2312', '页码': '宋体'}


def check_docx(path, data):
    d = open_docx(path)
    styles = {s.name: s for s in d.styles}
    want = STYLE_FONTS
    for name, font in want.items():
        if name not in styles:
            bad.append(f'no style {name}')
            continue
        expect(f'{name} eastAsia font', font, east_asia(styles[name]))
    for name in ('发文字号', '主送机关', '附件说明', '署名', '成文日期', '公文表格'):
        if name not in styles:
            bad.append(f'no style {name}')
    normal = styles.get('Normal')
    if normal is not None:
        expect('正文 size', 16.0, normal.font.size.pt if normal.font.size else None)
        pf = normal.paragraph_format
        ind = normal.element.pPr.find(W + 'ind')
        expect('正文 first-line indent (chars)', '200', ind.get(W + 'firstLineChars') if ind is not None else None)
        expect('正文 line rule', 'exactly', str(pf.line_spacing_rule).split('.')[-1].split(' ')[0].lower()
               if pf.line_spacing_rule is not None else None)
    sec = d.sections[0]
    expect('page width mm', 210, round(sec.page_width.mm))
    expect('page height mm', 297, round(sec.page_height.mm))
    expect('margins top/left/right/bottom mm', (37, 28, 26, 35),
           (round(sec.top_margin.mm), round(sec.left_margin.mm), round(sec.right_margin.mm),
            round(sec.bottom_margin.mm)))
    g = sec._sectPr.find(W + 'docGrid')
    # 22 lines in the 225 mm text block: 225/22 mm in twips
    expect('docGrid type', 'linesAndChars', g.get(W + 'type') if g is not None else None)
    expect('docGrid linePitch', str(round(225 / 22 / 25.4 * 1440)), g.get(W + 'linePitch') if g is not None else None)
    expect('odd/even footers', True, d.settings.odd_and_even_pages_header_footer)
    expect('title', data['plan']['title'], d.core_properties.title)
    expect('author', data['county']['league_committee'], d.core_properties.author)
    # the plan's 成文日期 (plan.date), the report date when it has none
    expect('created', data['plan'].get('date') or data['period']['report_date'],
           d.core_properties.created.strftime('%Y-%m-%d'))
    # the paragraphs that carry the named styles
    # every paragraph, in tables too (the 版记 is a table at the foot of the page)
    ids = {s.style_id: s.name for s in d.styles}
    used = {ids.get(p.get(W + 'val')) for p in d.element.body.iter(W + 'pStyle')}
    used |= {p.style.name for p in d.paragraphs}
    # a draft for comments has no 版头, no 文号 and no 版记 (GB/T 9704 applies to the final)
    final = ('发文机关标志', '发文字号', '版记')
    draft = bool(data['plan'].get('draft'))
    for name in ('发文机关标志', '标题', '发文字号', '主送机关', '一级标题', '二级标题', '附件说明', '署名', '成文日期', '版记'):
        if draft and name in final:
            continue
        if name not in used:
            bad.append(f'no paragraph in style {name}')
    heads = [p.text for p in d.paragraphs if p.style.name == '一级标题']
    if not heads or not heads[0].startswith('一、'):
        bad.append(f'first 一级标题 is {heads[:1]!r}')
    # a header row that repeats, and merged cells in the form
    if not any(t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(W + 'tblHeader') is not None
               for t in d.tables):
        bad.append('no table with a repeated header row')
    xml = d.element.xml
    if 'w:gridSpan' not in xml or 'w:vMerge' not in xml:
        bad.append('no gridSpan / vMerge')


def evaluate(ws, formula):
    """The value of the three formula forms reformgen writes, computed here."""
    m = re.fullmatch(r'=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)', formula)
    if m:
        return sum(c.value for row in ws[f'{m[1]}{m[2]}:{m[3]}{m[4]}'] for c in row
                   if isinstance(c.value, (int, float)))
    m = re.fullmatch(r'=COUNTIF\(([A-Z]+)(\d+):([A-Z]+)(\d+),"√"\)', formula)
    if m:
        return sum(1 for row in ws[f'{m[1]}{m[2]}:{m[3]}{m[4]}'] for c in row if c.value == '√')
    m = re.fullmatch(r'=SUMIF\(\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+),"小计\*",([A-Z]+)(\d+):([A-Z]+)(\d+)\)', formula)
    if m:
        labels = [c.value for row in ws[f'{m[1]}{m[2]}:{m[3]}{m[4]}'] for c in row]
        vals = [ws[f'{m[5]}{r}'] for r in range(int(m[6]), int(m[8]) + 1)]
        total = 0
        for lab, cell in zip(labels, vals):
            v = cell.value
            if isinstance(v, str) and v.startswith('='):
                v = evaluate(ws, v)
            if isinstance(lab, str) and lab.startswith('小计') and isinstance(v, (int, float)):
                total += v
        return total
    bad.append(f'unknown formula {formula}')
    return None


def check_xlsx(path, data):
    wb = open_xlsx(path)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[2]]
    col = {name: i for i, name in enumerate(head) if name}
    sub = [c.value for c in ws[3]]
    for i, name in enumerate(sub):
        if name:
            col[name] = i
    units = {u['id']: u['name'] for u in data['units']}
    by_unit = {}
    for c in data['cadres']:
        by_unit.setdefault(c['unit'], []).append(c)
    rows = list(ws.iter_rows(min_row=4))
    cadre_rows = [r for r in rows if isinstance(r[0].value, int) and isinstance(r[1].value, str)]
    expect('cadre rows', len(data['cadres']), len(cadre_rows))
    names = sorted(r[1].value for r in cadre_rows)
    expect('cadre names', sorted(c['name'] for c in data['cadres']), names)
    # the figures of each unit's subtotal and of the total, counted from the input
    fields = {'专职': lambda c: c['mode'] == '专职', '挂职': lambda c: c['mode'] == '挂职',
              '兼职': lambda c: c['mode'] == '兼职', '内': lambda c: c['establishment'] == '编制内',
              '外': lambda c: c['establishment'] == '编制外'}
    unit = None
    seen_sub = 0
    for r in rows:
        a = r[0].value
        if isinstance(a, str) and a in units.values():
            unit = [k for k, v in units.items() if v == a][0]
        elif isinstance(a, str) and (a.startswith('小计') or a.startswith('合计')):
            group = by_unit.get(unit, []) if a.startswith('小计') else data['cadres']
            seen_sub += a.startswith('小计')
            for name, test in fields.items():
                cell = r[col[name]]
                v = cell.value
                if not (isinstance(v, str) and v.startswith('=')):
                    bad.append(f'{a[:8]} {name}: not a formula ({v!r})')
                    continue
                expect(f'{a[:8]} {name}', sum(1 for c in group if test(c)), evaluate(ws, v))
    expect('subtotal rows', len([u for u in by_unit if u in units]), seen_sub)
    expect('frozen header', 'A4', ws.freeze_panes)
    expect('print titles', '$2:$3', ws.print_title_rows)
    expect('landscape', 'landscape', ws.page_setup.orientation)
    expect('footer', '第 &P 页 共 &N 页', ws.oddFooter.center.text)
    birth = [r[col['出生年月']].value for r in cadre_rows][:1]
    if birth and not hasattr(birth[0], 'year'):
        bad.append(f'出生年月 is not a date: {birth[0]!r}')
    expect('workbook title', data['county']['name'] + '团干部配备表', wb.properties.title)


V = '{urn:schemas-microsoft-com:vml}'


def headers_of(section):
    return [h for h in (section.header, section.even_page_header) if h._has_definition]


def check_watermark(path, text):
    import math
    d = open_docx(path)
    for i, sec in enumerate(d.sections):
        hs = headers_of(sec)
        shapes = [s for h in hs for s in h._element.iter(V + 'shape')
                  if s.get('id', '').startswith('PowerPlusWaterMarkObject')]
        if not text:
            expect(f'section {i + 1} watermark shapes', 0, len(shapes))
            continue
        if not hs:
            bad.append(f'section {i + 1}: no header')
            continue
        # one in each header (odd and even pages)
        expect(f'section {i + 1} watermark shapes', len(hs), len(shapes))
        w, h = sec.page_width.pt, sec.page_height.pt
        for s in shapes:
            tp = s.find(V + 'textpath')
            expect(f'section {i + 1} watermark text', text, tp.get('string') if tp is not None else None)
            style = dict(kv.split(':', 1) for kv in s.get('style', '').split(';') if ':' in kv)
            # rising along the diagonal: VML turns clockwise
            expect(f'section {i + 1} watermark angle', round(360 - math.degrees(math.atan2(h, w)), 1),
                   float(style.get('rotation', 'nan')))
            expect(f'section {i + 1} watermark behind the text', True, int(style.get('z-index', '0')) < 0)
            expect(f'section {i + 1} watermark centred on the page', ('center', 'page', 'center', 'page'),
                   (style.get('mso-position-horizontal'), style.get('mso-position-horizontal-relative'),
                    style.get('mso-position-vertical'), style.get('mso-position-vertical-relative')))


def pdf_size_runs(pdf):
    import subprocess
    info = subprocess.run(['pdfinfo', '-l', '100000', pdf], capture_output=True, text=True).stdout
    sizes = [(round(float(m[1])), round(float(m[2])))
             for m in re.finditer(r'^Page +\d+ size: +([\d.]+) x ([\d.]+)', info, re.M)]
    return [s for k, s in enumerate(sizes) if k == 0 or s != sizes[k - 1]]


def check_pages(path, pdf, template):
    d = open_docx(path)
    styles = {s.name: s for s in d.styles}
    # the template's settings, read from the template itself
    root = re.search(r'<document\b[^>]*>', open(template, encoding='utf-8').read(), re.S)[0]
    attr = dict(re.findall(r'([\w-]+)="([^"]*)"', root))
    office = {'fangsong': '仿宋_GB2312', 'song': '宋体', 'kai': '楷体_GB2312', 'hei': '黑体', 'xbs': '方正小标宋简体'}
    fonts = dict(STYLE_FONTS, Normal=office.get(attr.get('font', 'song')))
    for name, font in fonts.items():
        if name not in styles:
            bad.append(f'no style {name}')
        else:
            expect(f'{name} eastAsia font', font, east_asia(styles[name]))
    expect('section page sizes (pt) against the PDF\'s pages', pdf_size_runs(pdf),
           [(round(s.page_width.pt), round(s.page_height.pt)) for s in d.sections])
    # the titles' faces: a title's own font, else the PDF's default (宋体 on a
    # grid page, else 黑体), whatever the document's font
    src = open(template, encoding='utf-8').read()
    default = 'song' if 'grid-lines' in attr else 'hei'
    want_titles = {office.get(re.search(r'font="(\w+)"', t)[1] if 'font="' in t else default, '方正小标宋简体')
                   for t in re.findall(r'<title\b[^>]*>', src) if 'color="red"' not in t}
    got_titles = set()
    for p in d.paragraphs:
        if p.style.name == '标题':
            got_titles |= {(r._r.rPr.rFonts.get(W + 'eastAsia') if r._r.rPr is not None and r._r.rPr.rFonts is not None
                            else east_asia(p.style)) for r in p.runs if r.text.strip()}
    if got_titles:
        expect('title faces', want_titles, got_titles)
    size = float(attr.get('page-number-size', 14))
    pn = attr.get('page-number', 'dash')
    pos = attr.get('page-number-position', 'center' if pn == 'of-total' else 'outer')
    pn_style = styles['页码']
    for i, sec in enumerate(d.sections):
        feet = [('odd', sec.footer)]
        if d.settings.odd_and_even_pages_header_footer:
            feet.append(('even', sec.even_page_footer))
        for kind, f in feet:
            paras = [p for p in f.paragraphs if any(' PAGE ' in (t.text or '') for t in p._p.iter(W + 'instrText'))]
            if len(paras) != 1:
                bad.append(f'section {i + 1} {kind} footer: {len(paras)} paragraphs with a PAGE field')
                continue
            p = paras[0]
            want_al = {'outer': 'RIGHT' if kind == 'odd' else 'LEFT'}.get(pos, pos.upper())
            expect(f'section {i + 1} {kind} page number alignment', want_al,
                   str(p.alignment).split('.')[-1].split(' ')[0])
            sizes = {(r.font.size or pn_style.font.size).pt for r in p.runs if r.text.strip()}
            expect(f'section {i + 1} {kind} page number size', {size}, sizes)
            text = ''.join(r.text for r in p.runs)
            shape = {'dash': r'— 1 —', 'of-total': r'第 1 页 共 1 页', 'plain': r'1'}.get(pn, '')
            expect(f'section {i + 1} {kind} page number text', shape, text)


def check_sections(path, pdf, header):
    d = open_docx(path)
    got = [(round(s.page_width.pt), round(s.page_height.pt)) for s in d.sections]
    expect('section page sizes (pt) against the PDF\'s pages', pdf_size_runs(pdf), got)
    for i, sec in enumerate(d.sections):
        expect(f'section {i + 1} starts a page', 'NEW_PAGE', str(sec.start_type).split('.')[-1].split(' ')[0])
        expect(f'section {i + 1} landscape', sec.page_width > sec.page_height,
               str(sec.orientation).split('.')[-1].split(' ')[0] == 'LANDSCAPE')
        expect(f'section {i + 1} header', header, ''.join(p.text for p in sec.header.paragraphs))
        feet = [sec.footer] + ([sec.even_page_footer] if d.settings.odd_and_even_pages_header_footer else [])
        for f in feet:
            if ' PAGE ' not in ''.join(t.text or '' for t in f._element.iter(W + 'instrText')):
                bad.append(f'section {i + 1}: a footer without a PAGE field')


def check_numbers(path):
    wb = open_xlsx(path)
    num = re.compile(r'-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?')
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and num.fullmatch(c.value):
                    bad.append(f'{ws.title}!{c.coordinate}: the number {c.value!r} as text')


def run(kind, path, inp, extra):
    if kind == 'numbers':
        check_numbers(path)
    elif kind == 'watermark':
        check_watermark(path, inp)
    elif kind == 'pages':
        check_pages(path, inp, extra)
    elif kind == 'sections':
        check_sections(path, inp, extra)
    else:
        data = json.load(open(inp, encoding='utf-8'))
        (check_docx if kind == 'docx' else check_xlsx)(path, data)


def many():
    """One check a line of stdin, KEY TAB KIND TAB FILE TAB ARG [TAB ARG]; for
    each, its problems as lines KEY TAB problem, then KEY TAB 'checked'."""
    import os
    for line in sys.stdin.read().splitlines():
        key, kind, path, inp, *extra = line.split('\t')
        bad.clear()
        try:
            run(kind, path, inp, extra[0] if extra else None)
        except Exception as e:
            bad.append(f'{type(e).__name__}: {e}')
        where = os.path.basename(os.path.dirname(path)) + '/' + os.path.basename(path)
        for b in bad:
            print(f'{key}\t{where}: {b}')
        print(f'{key}\tchecked')


def main():
    if sys.argv[1:] == ['many']:
        many()
        return
    kind, path, inp = sys.argv[1:4]
    run(kind, path, inp, sys.argv[4] if len(sys.argv) > 4 else None)
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)


main()
