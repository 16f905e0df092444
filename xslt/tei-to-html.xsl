<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI P5 to a standalone HTML5 page for reading: headings, paragraphs, verse, lists,
     tables, figures with captions, page numbers in the margin and notes at the end. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:tei="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="tei">
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:template match="/">
    <html>
      <xsl:if test="tei:TEI/@xml:lang">
        <xsl:attribute name="lang"><xsl:value-of select="tei:TEI/@xml:lang"/></xsl:attribute>
      </xsl:if>
      <head>
        <meta charset="utf-8"/>
        <title><xsl:value-of select="normalize-space(tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])"/></title>
        <style>
          body { max-width: 40em; margin: 2em auto; font-family: Georgia, serif; line-height: 1.5; }
          .pb { float: right; color: #888; font-size: 80%; }
          figure { border-left: 3px solid #ccc; padding-left: 1em; }
          .note-ref { font-size: 75%; vertical-align: super; }
          .lg { margin: 1em 2em; } .l { display: block; }
          table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.2em 0.5em; }
          .furniture { color: #888; font-style: italic; }
        </style>
      </head>
      <body>
        <header>
          <h1><xsl:value-of select="normalize-space(tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])"/></h1>
          <xsl:for-each select="tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author">
            <p class="author"><xsl:value-of select="normalize-space(.)"/></p>
          </xsl:for-each>
        </header>
        <main>
          <xsl:apply-templates select="tei:TEI/tei:text"/>
        </main>
        <xsl:if test="//tei:text//tei:note">
          <section class="notes">
            <h2>Notes</h2>
            <ol>
              <xsl:for-each select="//tei:text//tei:note">
                <li id="{generate-id()}">
                  <xsl:if test="@n"><span class="n"><xsl:value-of select="@n"/>. </span></xsl:if>
                  <xsl:apply-templates/>
                </li>
              </xsl:for-each>
            </ol>
          </section>
        </xsl:if>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="tei:front | tei:body | tei:back | tei:div">
    <section><xsl:apply-templates/></section>
  </xsl:template>

  <!-- Division headings: h2 for a top-level div, one level deeper per nesting, at most h6. -->
  <xsl:template match="tei:head">
    <xsl:variable name="depth" select="count(ancestor::tei:div | ancestor::tei:listBibl)"/>
    <xsl:variable name="level">
      <xsl:choose>
        <xsl:when test="$depth &gt; 4">6</xsl:when>
        <xsl:otherwise><xsl:value-of select="$depth + 2"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="h{$level}"><xsl:apply-templates/></xsl:element>
  </xsl:template>

  <xsl:template match="tei:p"><p><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:ab"><p class="{@type}"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:quote"><blockquote><xsl:apply-templates/></blockquote></xsl:template>
  <xsl:template match="tei:p//tei:quote | tei:q"><q><xsl:apply-templates/></q></xsl:template>
  <xsl:template match="tei:cit"><div class="cit"><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="tei:lg"><div class="lg"><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="tei:l"><span class="l"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="tei:list"><ul><xsl:apply-templates/></ul></xsl:template>
  <xsl:template match="tei:item"><li><xsl:apply-templates/></li></xsl:template>
  <xsl:template match="tei:listBibl"><div class="listBibl"><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="tei:listBibl/tei:bibl"><p class="bibl"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="tei:table"><table><xsl:apply-templates/></table></xsl:template>
  <xsl:template match="tei:table/tei:head"><caption><xsl:apply-templates/></caption></xsl:template>
  <xsl:template match="tei:row"><tr><xsl:apply-templates/></tr></xsl:template>
  <xsl:template match="tei:row[@role = 'label']/tei:cell"><th><xsl:apply-templates/></th></xsl:template>
  <xsl:template match="tei:cell"><td><xsl:apply-templates/></td></xsl:template>
  <xsl:template match="tei:hi"><em><xsl:apply-templates/></em></xsl:template>
  <xsl:template match="tei:title"><cite><xsl:apply-templates/></cite></xsl:template>

  <xsl:template match="tei:figure">
    <figure>
      <xsl:if test="@n"><xsl:attribute name="data-n"><xsl:value-of select="@n"/></xsl:attribute></xsl:if>
      <figcaption><xsl:apply-templates select="tei:head/node()"/></figcaption>
    </figure>
  </xsl:template>

  <xsl:template match="tei:fw | tei:pb[not(@n)]"/>

  <xsl:template match="tei:pb">
    <xsl:text> </xsl:text>
    <span class="pb" id="page-{@n}" title="page {@n}">[<xsl:value-of select="@n"/>]</span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- A line break is a space in HTML; a split word reads whole: the white space on
       either side of <lb break="no"/> is dropped. -->
  <xsl:template match="tei:lb">
    <xsl:if test="not(@break = 'no')"><xsl:text>&#10;</xsl:text></xsl:if>
  </xsl:template>

  <xsl:template match="tei:choice">
    <span title="printed: {normalize-space(tei:sic)}"><xsl:apply-templates select="tei:corr"/></span>
  </xsl:template>

  <xsl:template match="tei:note">
    <a class="note-ref" href="#{generate-id()}"><xsl:value-of select="@n"/><xsl:if test="not(@n)">*</xsl:if></a>
  </xsl:template>

  <xsl:template match="tei:gap"><span class="gap">[…]</span></xsl:template>

  <xsl:template match="text()">
    <xsl:variable name="joins-next" select="following-sibling::node()[1][self::tei:lb[@break = 'no']]"/>
    <xsl:variable name="joins-previous" select="preceding-sibling::node()[1][self::tei:lb[@break = 'no']]"/>
    <xsl:variable name="left">
      <xsl:choose>
        <xsl:when test="$joins-previous">
          <xsl:call-template name="trim-start"><xsl:with-param name="s" select="."/></xsl:call-template>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$joins-next">
        <xsl:call-template name="trim-end"><xsl:with-param name="s" select="string($left)"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$left"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="trim-start">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="$s != '' and normalize-space(substring($s, 1, 1)) = ''">
        <xsl:call-template name="trim-start"><xsl:with-param name="s" select="substring($s, 2)"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="trim-end">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="$s != '' and normalize-space(substring($s, string-length($s))) = ''">
        <xsl:call-template name="trim-end">
          <xsl:with-param name="s" select="substring($s, 1, string-length($s) - 1)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
