<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI P5 to a plain reading text: the title (unless the text's title page prints it), then
     every word of the text in order; blocks
     apart by a blank line, headings and verse lines on lines of their own, words split over
     line and page breaks joined (teitools.exportprep), notes called [1] where they stand and
     gathered per chapter as "[1] text", figures as [Figure 3: caption], page numbers as
     [p. 9] with the parameter pages=1. teitools.export then makes each run of spaces one and
     keeps at most one blank line. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:x="urn:x-teitools:export"
                xmlns:eg="http://www.tei-c.org/ns/Examples"
                exclude-result-prefixes="tei x eg">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="pages" select="'0'"/>
  <!-- The words the export writes itself, in the document's language (teitools.exportprep.labels). -->
  <xsl:variable name="T" select="/*"/>

  <xsl:variable name="nl" select="'&#10;'"/>
  <!-- capitals and their small letters, to compare titles set in capitals (RIVERS OF THE NORTH) -->
  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ'"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïñòóôõöøùúûüý'"/>
  <xsl:variable name="para" select="'&#10;&#10;'"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tei:TEI | tei:teiCorpus" mode="document"/>
  </xsl:template>

  <xsl:template match="tei:TEI | tei:teiCorpus" mode="document">
    <xsl:variable name="h" select="tei:teiHeader"/>
    <xsl:variable name="file" select="normalize-space($h//tei:idno[@type = 'filename'][1])"/>
    <xsl:variable name="titles" select="$h/tei:fileDesc/tei:titleStmt/tei:title[normalize-space()]
        [not(@type = 'sub' or @type = 'subtitle' or @type = 'alt' or @type = 'short' or @type = 'parallel')]
        [not($file) or normalize-space(.) != $file]"/>
    <xsl:variable name="main" select="$titles[@type = 'main'][1] | $titles[not(../tei:title[@type = 'main'])][1]"/>
    <!-- a title page in the text that prints the header's title prints it, and the author, once -->
    <xsl:variable name="printed" select="tei:text/tei:front/tei:titlePage[1]/tei:docTitle[1]"/>
    <xsl:variable name="printed-title"
        select="normalize-space(($printed/tei:titlePart[@type = 'main'] | $printed[not(tei:titlePart[@type = 'main'])])[1])"/>
    <xsl:if test="$main and not($printed-title != ''
        and translate($printed-title, $upper, $lower) = translate(normalize-space($main[1]), $upper, $lower))">
      <xsl:value-of select="$para"/><xsl:value-of select="normalize-space($main[1])"/><xsl:value-of select="$nl"/>
      <xsl:for-each select="$h/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub' or @type = 'subtitle'][normalize-space()]">
        <xsl:value-of select="normalize-space(.)"/><xsl:value-of select="$nl"/>
      </xsl:for-each>
      <xsl:for-each select="$h/tei:fileDesc/tei:titleStmt/tei:author[normalize-space()]">
        <xsl:value-of select="normalize-space(@x:name | self::*[not(@x:name)])"/><xsl:value-of select="$nl"/>
      </xsl:for-each>
      <xsl:value-of select="$para"/>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="self::tei:teiCorpus"><xsl:apply-templates select="tei:TEI | tei:teiCorpus" mode="document"/></xsl:when>
      <xsl:when test="tei:text"><xsl:apply-templates select="tei:text"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates select="tei:sourceDoc"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Blocks: a blank line before and after. -->
  <xsl:template match="tei:p | tei:ab | tei:head | tei:lg | tei:list | tei:table | tei:sp | tei:speaker | tei:byline
      | tei:titlePart | tei:docImprint | tei:docEdition | tei:imprimatur | tei:dateline | tei:salute | tei:signed
      | tei:trailer | tei:opener | tei:closer | tei:argument | tei:epigraph | tei:castList | tei:listBibl
      | tei:div/tei:bibl | tei:body/tei:bibl | tei:postscript | tei:docTitle | tei:floatingText | tei:surface | tei:zone
      | tei:listPerson | tei:listPlace | tei:listOrg | tei:listEvent | tei:person | tei:place | tei:event
      | tei:quote[tei:p | tei:lg | tei:l | tei:list] | tei:quote[parent::tei:div or parent::tei:body or parent::tei:sp]
      | tei:cit[parent::tei:div or parent::tei:body] | tei:stage[parent::tei:div or parent::tei:sp or parent::tei:body or parent::tei:lg]">
    <xsl:value-of select="$para"/><xsl:apply-templates/><xsl:value-of select="$para"/>
  </xsl:template>

  <!-- Lines: a line each. -->
  <xsl:template match="tei:l | tei:item | tei:castItem | tei:listBibl/tei:bibl | tei:listBibl/tei:biblStruct | tei:line | tei:row">
    <xsl:value-of select="$nl"/><xsl:apply-templates/>
  </xsl:template>
  <xsl:template match="tei:list/tei:label">
    <xsl:value-of select="$nl"/><xsl:apply-templates/><xsl:text> </xsl:text>
  </xsl:template>
  <xsl:template match="tei:item[preceding-sibling::*[1][self::tei:label]]" priority="2">
    <xsl:apply-templates/>
  </xsl:template>
  <xsl:template match="tei:cell">
    <xsl:apply-templates/>
    <xsl:if test="following-sibling::tei:cell"><xsl:text>&#9;</xsl:text></xsl:if>
  </xsl:template>

  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7
      | tei:front | tei:body | tei:back | tei:sourceDoc">
    <xsl:value-of select="$para"/>
    <xsl:if test="@x:label and not(tei:head)"><xsl:value-of select="@x:label"/><xsl:value-of select="$para"/></xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="@x:notes"><xsl:call-template name="notes"/></xsl:if>
    <xsl:value-of select="$para"/>
  </xsl:template>

  <xsl:template match="tei:figure">
    <xsl:value-of select="$para"/>
    <xsl:text>[</xsl:text><xsl:value-of select="$T/@x:t-figure"/>
    <xsl:if test="@x:n and not(@x:numbered)"><xsl:text> </xsl:text><xsl:value-of select="@x:n"/></xsl:if>
    <xsl:if test="tei:head[normalize-space()]">
      <xsl:text>: </xsl:text>
      <xsl:for-each select="tei:head"><xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if><xsl:apply-templates/></xsl:for-each>
    </xsl:if>
    <xsl:text>]</xsl:text>
    <xsl:value-of select="$para"/>
    <xsl:apply-templates select="node()[not(self::tei:head)]"/>
    <xsl:value-of select="$para"/>
  </xsl:template>

  <xsl:template match="eg:egXML | tei:eg">
    <xsl:value-of select="$para"/><xsl:value-of select="."/><xsl:value-of select="$para"/>
  </xsl:template>

  <!-- Not part of the reading text. -->
  <xsl:template match="tei:fw | tei:index | tei:interpGrp | tei:interp | tei:spanGrp | tei:span | tei:linkGrp | tei:link
      | tei:join | tei:joinGrp | tei:alt | tei:altGrp | tei:timeline | tei:figDesc | tei:milestone | tei:gb
      | tei:teiHeader | tei:standOff | tei:graphic | tei:binaryObject | tei:del | tei:am[ancestor::tei:expan]
      | tei:anchor | tei:facsimile | comment() | processing-instruction()"/>

  <xsl:template match="tei:pb">
    <xsl:choose>
      <xsl:when test="$pages = '1' and @x:label">
        <xsl:text> [</xsl:text><xsl:value-of select="$T/@x:t-p"/><xsl:text> </xsl:text><xsl:value-of select="@x:label"/><xsl:text>] </xsl:text>
      </xsl:when>
      <xsl:when test="not(@break = 'no')"><xsl:text> </xsl:text></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A column break: the words on either side are apart, unless it falls inside a word. -->
  <xsl:template match="tei:cb">
    <xsl:if test="not(@break = 'no')"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template match="tei:lb">
    <xsl:choose>
      <xsl:when test="@break = 'no'"/>
      <xsl:when test="ancestor::tei:head or ancestor::tei:titlePart or ancestor::tei:docImprint or ancestor::tei:byline
          or ancestor::tei:address or ancestor::tei:opener or ancestor::tei:closer or ancestor::tei:dateline
          or ancestor::tei:salute or ancestor::tei:signed or ancestor::tei:trailer or ancestor::tei:docTitle">
        <xsl:value-of select="$nl"/>
      </xsl:when>
      <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:choice">
    <xsl:apply-templates select="(tei:corr | tei:reg | tei:expan | tei:seg | tei:unclear)[1]"/>
  </xsl:template>
  <xsl:template match="tei:app">
    <xsl:apply-templates select="(tei:lem | tei:rdg)[1]"/>
  </xsl:template>

  <!-- a quotation or direct speech that prints no marks of its own: the language's marks -->
  <xsl:template match="tei:q[@x:quote] | tei:said[@x:quote]">
    <xsl:value-of select="$T/@x:t-quote-open"/><xsl:apply-templates/><xsl:value-of select="$T/@x:t-quote-close"/>
  </xsl:template>
  <xsl:template match="tei:ptr"><xsl:value-of select="@x:text"/></xsl:template>
  <xsl:template match="tei:ref[not(node())]"><xsl:value-of select="@x:text"/></xsl:template>
  <xsl:template match="tei:gap">
    <xsl:text>[</xsl:text><xsl:value-of select="normalize-space(tei:desc)"/><xsl:if test="not(normalize-space(tei:desc))">…</xsl:if><xsl:text>]</xsl:text>
  </xsl:template>
  <!-- The parts of a reference or an address, and tree nodes, that stand side by side. -->
  <xsl:template match="tei:bibl/* | tei:msIdentifier/* | tei:address/* | tei:imprint/* | tei:dimensions/* | tei:label | tei:eTree/*
      | tei:eLeaf/* | tei:forest/* | tei:tree/*" priority="-0.1">
    <xsl:if test="preceding-sibling::node()[1][self::*]"><xsl:text> </xsl:text></xsl:if>
    <xsl:apply-templates/>
  </xsl:template>
  <xsl:template match="tei:space"><xsl:text> </xsl:text></xsl:template>
  <!-- A formula stands apart from the words around it; a displayed one on a line of its own. -->
  <xsl:template match="tei:formula">
    <xsl:text> </xsl:text><xsl:apply-templates/><xsl:text> </xsl:text>
  </xsl:template>
  <xsl:template match="tei:formula[@rend = 'display' or @rend = 'block']">
    <xsl:value-of select="$nl"/><xsl:apply-templates/><xsl:value-of select="$nl"/>
  </xsl:template>
  <xsl:template match="tei:gi | tei:tag">&lt;<xsl:apply-templates/>&gt;</xsl:template>
  <xsl:template match="tei:att">@<xsl:apply-templates/></xsl:template>
  <xsl:template match="tei:val">"<xsl:apply-templates/>"</xsl:template>

  <!-- Notes: the call where the note stands, the text at the end of its chapter. -->
  <xsl:template match="tei:note[@x:label]">
    <xsl:text>[</xsl:text><xsl:value-of select="@x:label"/><xsl:text>]</xsl:text>
  </xsl:template>
  <xsl:template match="tei:note">
    <xsl:value-of select="$para"/>
    <xsl:if test="@n"><xsl:text>[</xsl:text><xsl:value-of select="@n"/><xsl:text>] </xsl:text></xsl:if>
    <xsl:apply-templates/>
    <xsl:value-of select="$para"/>
  </xsl:template>

  <xsl:template name="notes">
    <xsl:variable name="group" select="@x:id"/>
    <xsl:value-of select="$para"/>
    <xsl:value-of select="$T/@x:t-notes"/>
    <xsl:value-of select="$para"/>
    <xsl:for-each select=".//tei:note[@x:group = $group][not(@x:empty)]">
      <xsl:text>[</xsl:text><xsl:value-of select="@x:label"/><xsl:text>] </xsl:text>
      <xsl:apply-templates mode="note"/>
      <xsl:value-of select="$para"/>
    </xsl:for-each>
    <xsl:if test="@x:missing">
      <xsl:choose>
        <xsl:when test="contains(@x:missing, ',') or contains(@x:missing, '–')"><xsl:value-of select="$T/@x:t-notes"/><xsl:text> </xsl:text><xsl:value-of select="@x:missing"/>: <xsl:value-of select="$T/@x:t-no-text-many"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$T/@x:t-note"/><xsl:text> </xsl:text><xsl:value-of select="@x:missing"/>: <xsl:value-of select="$T/@x:t-no-text-one"/></xsl:otherwise>
      </xsl:choose>
      <xsl:text>.</xsl:text>
      <xsl:value-of select="$para"/>
    </xsl:if>
  </xsl:template>

  <!-- Inside a gathered note, its paragraphs follow one another on separate lines. -->
  <xsl:template match="tei:p | tei:ab" mode="note">
    <xsl:if test="preceding-sibling::*"><xsl:value-of select="$nl"/></xsl:if>
    <xsl:apply-templates/>
  </xsl:template>
  <xsl:template match="node()" mode="note"><xsl:apply-templates select="."/></xsl:template>

  <xsl:template match="text()">
    <xsl:value-of select="translate(., '&#9;&#10;&#13;', '   ')"/>
  </xsl:template>
</xsl:stylesheet>
