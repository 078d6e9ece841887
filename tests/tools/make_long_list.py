#!/usr/bin/env python3
"""Write a report folder whose one document is a list of N items and N
numbered paragraphs (for the scaling test and bench): make_long_list.py N DIR"""
import os
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_long_list.py N DIR")
    n, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(os.path.join(folder, "templates"), exist_ok=True)
    os.makedirs(os.path.join(folder, "schemas"), exist_ok=True)
    files = {
        "report.xml": '<report>\n  <document output="list" template="list.xml" '
                      'title="A long list">\n    <data file="items.xml"/>\n  </document>\n'
                      '</report>\n',
        "schemas/items.xsd": '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n'
                             '  <xs:element name="items"><xs:complexType><xs:sequence>\n'
                             '    <xs:element name="item" type="xs:string" '
                             'maxOccurs="unbounded"/>\n'
                             '  </xs:sequence></xs:complexType></xs:element>\n'
                             '</xs:schema>\n',
        "templates/list.xml": '<template>\n  <heading>Items</heading>\n'
                              '  <list kind="ordered">\n'
                              '    <for-each select="$items/item"><item id="i-{position()}">'
                              '<value of="."/></item></for-each>\n  </list>\n'
                              '  <for-each select="$items/item">\n'
                              '    <numbered>Paragraph <value of="."/>.</numbered>\n'
                              '  </for-each>\n</template>\n',
    }
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(folder, "items.xml"), "w", encoding="utf-8") as f:
        f.write("<items>\n")
        for i in range(n):
            f.write("  <item>Item number %d</item>\n" % (i + 1))
        f.write("</items>\n")


if __name__ == "__main__":
    main()
