<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI P5 to a plain reading text: one blank line between blocks, split words
     rejoined, corrections applied, page numbers and notes as bracketed marks. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:tei="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="tei">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:strip-space elements="tei:TEI tei:text tei:front tei:body tei:back tei:div tei:lg tei:list tei:listBibl tei:table tei:row tei:figure tei:cit tei:quote tei:choice"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tei:TEI/tei:text"/>
  </xsl:template>

  <xsl:template match="tei:head | tei:p | tei:ab | tei:l | tei:item | tei:bibl | tei:row">
    <xsl:apply-templates/>
    <xsl:text>&#10;</xsl:text>
    <xsl:if test="not(self::tei:l or self::tei:item or self::tei:row)">
      <xsl:text>&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:lg | tei:list | tei:table">
    <xsl:apply-templates/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:cell">
    <xsl:apply-templates/>
    <xsl:if test="following-sibling::tei:cell">
      <xsl:text>&#9;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:figure">
    <xsl:text>[Figure</xsl:text>
    <xsl:if test="@n">
      <xsl:text> </xsl:text>
      <xsl:value-of select="@n"/>
    </xsl:if>
    <xsl:text>] </xsl:text>
    <xsl:apply-templates select="tei:head"/>
  </xsl:template>

  <!-- Running heads, catchwords and other forme work are not part of the reading text. -->
  <xsl:template match="tei:fw"/>

  <xsl:template match="tei:pb[not(@n)]"/>

  <xsl:template match="tei:pb">
    <xsl:text> [p. </xsl:text>
    <xsl:value-of select="@n"/>
    <xsl:text>] </xsl:text>
  </xsl:template>

  <xsl:template match="tei:lb">
    <xsl:if test="not(@break = 'no')">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:choice">
    <xsl:apply-templates select="tei:corr | tei:reg | tei:expan"/>
  </xsl:template>

  <xsl:template match="tei:note">
    <xsl:text>[</xsl:text>
    <xsl:if test="@n">
      <xsl:value-of select="@n"/>
      <xsl:text>: </xsl:text>
    </xsl:if>
    <xsl:apply-templates/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <xsl:template match="tei:gap">
    <xsl:text>[…]</xsl:text>
  </xsl:template>

  <!-- Whitespace inside paragraphs: runs of blanks and line ends read as one space;
       a line break supplies the space itself, so text beside it drops its own. -->
  <xsl:template match="text()">
    <xsl:variable name="t" select="translate(., '&#10;&#9;&#13;', '   ')"/>
    <xsl:if test="normalize-space($t) != ''">
      <xsl:if test="starts-with($t, ' ') and not(preceding-sibling::node()[1][self::tei:lb])">
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:value-of select="normalize-space($t)"/>
      <xsl:if test="substring($t, string-length($t)) = ' ' and not(following-sibling::node()[1][self::tei:lb])">
        <xsl:text> </xsl:text>
      </xsl:if>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
