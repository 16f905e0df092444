<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI P5 to one standalone HTML5 page for reading: a title block from the teiHeader (the
     text's title page instead where it prints the header's title, so the title shows once), a
     table of contents, headings by division depth, page numbers in the margin, notes as
     numbered links gathered per chapter with a way back, figures, verse, lists, tables, and
     an "about this edition" section. It reads the TEI as teitools.exportprep prepares it
     (attributes x:* give ids, heading levels, note numbers, classes and languages); the
     HTML is then checked and serialised by teitools.htmlfix. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:x="urn:x-teitools:export"
                xmlns:eg="http://www.tei-c.org/ns/Examples"
                exclude-result-prefixes="tei x eg">
  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <!-- CSS: the built-in stylesheet (teitools passes xslt/tei-html.css) and, after it, the user's. -->
  <xsl:param name="css" select="''"/>
  <xsl:param name="user-css" select="''"/>
  <!-- The words the export writes itself, in the document's language (teitools.exportprep.labels). -->
  <xsl:variable name="T" select="/*"/>
  <!-- capitals and their small letters, to compare titles set in capitals (RIVERS OF THE NORTH) -->
  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ'"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïñòóôõöøùúûüý'"/>

  <xsl:template match="/">
    <xsl:variable name="doc" select="tei:TEI | tei:teiCorpus"/>
    <html>
      <xsl:if test="$doc/@x:lang"><xsl:attribute name="lang"><xsl:value-of select="$doc/@x:lang"/></xsl:attribute></xsl:if>
      <xsl:if test="$doc/@x:dir"><xsl:attribute name="dir"><xsl:value-of select="$doc/@x:dir"/></xsl:attribute></xsl:if>
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <xsl:variable name="title"><xsl:apply-templates select="$doc/tei:teiHeader" mode="title-text"/></xsl:variable>
        <title><xsl:value-of select="$title"/><xsl:if test="not(normalize-space($title))"><xsl:value-of select="$T/@x:t-untitled"/></xsl:if></title>
        <xsl:for-each select="$doc/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author[normalize-space()]">
          <meta name="author" content="{normalize-space(@x:name | self::*[not(@x:name)])}"/>
        </xsl:for-each>
        <meta name="generator" content="teitools"/>
        <style><xsl:value-of select="$css"/></style>
        <xsl:if test="$user-css != ''"><style><xsl:value-of select="$user-css"/></style></xsl:if>
      </head>
      <body>
        <xsl:apply-templates select="$doc" mode="document"/>
      </body>
    </html>
  </xsl:template>

  <!-- One document: title block, contents, text, about this edition. A teiCorpus holds its
       TEI documents as parts, each with its own title block one level down. -->
  <xsl:template match="tei:TEI | tei:teiCorpus" mode="document">
    <xsl:variable name="level" select="count(ancestor::tei:TEI | ancestor::tei:teiCorpus) + 1"/>
    <!-- a corpus's TEI documents are part-1, part-2 … in document order (the contents link to them);
         a corpus within a corpus is corpus-1, corpus-2 … -->
    <xsl:variable name="part-id">
      <xsl:choose>
        <xsl:when test="self::tei:TEI"><xsl:value-of select="concat('part-', count(preceding::tei:TEI) + 1)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="concat('corpus-', count(preceding::tei:teiCorpus | ancestor::tei:teiCorpus))"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$level = 1">
        <header class="titlepage">
          <xsl:apply-templates select="tei:teiHeader" mode="title-block"><xsl:with-param name="level" select="1"/></xsl:apply-templates>
        </header>
        <xsl:call-template name="toc"/>
        <main>
          <xsl:apply-templates select="." mode="content"/>
        </main>
        <xsl:apply-templates select="tei:teiHeader" mode="about"><xsl:with-param name="level" select="2"/></xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise>
        <article class="part" id="{$part-id}">
          <xsl:if test="@x:lang"><xsl:attribute name="lang"><xsl:value-of select="@x:lang"/></xsl:attribute></xsl:if>
          <xsl:if test="@x:dir"><xsl:attribute name="dir"><xsl:value-of select="@x:dir"/></xsl:attribute></xsl:if>
          <header class="titlepage">
            <xsl:apply-templates select="tei:teiHeader" mode="title-block"><xsl:with-param name="level" select="$level"/></xsl:apply-templates>
          </header>
          <xsl:apply-templates select="." mode="content"/>
          <xsl:apply-templates select="tei:teiHeader" mode="about"><xsl:with-param name="level" select="$level + 1"/></xsl:apply-templates>
        </article>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:teiCorpus" mode="content">
    <xsl:apply-templates select="tei:TEI | tei:teiCorpus" mode="document"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="content">
    <xsl:choose>
      <xsl:when test="tei:text"><xsl:apply-templates select="tei:text"/></xsl:when>
      <xsl:otherwise>
        <!-- No text: the transcription of the source document, else the facsimile's images. -->
        <xsl:apply-templates select="tei:sourceDoc"/>
        <xsl:if test="not(tei:sourceDoc)"><xsl:apply-templates select="tei:facsimile"/></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== The teiHeader: title, title block, about this edition ===== -->

  <xsl:template match="tei:teiHeader" mode="main-title">
    <xsl:variable name="file" select="normalize-space(.//tei:idno[@type = 'filename'][1])"/>
    <xsl:variable name="titles" select="tei:fileDesc/tei:titleStmt/tei:title[normalize-space()]
        [not(@type = 'sub' or @type = 'subtitle' or @type = 'alt' or @type = 'short' or @type = 'parallel')]
        [not($file) or normalize-space(.) != $file]"/>
    <xsl:variable name="main" select="$titles[@type = 'main'][1] | $titles[not(../tei:title[@type = 'main'])][1]"/>
    <xsl:choose>
      <xsl:when test="$main"><xsl:apply-templates select="$main[1]" mode="plain"/></xsl:when>
      <xsl:when test="tei:fileDesc/tei:sourceDesc//tei:title[normalize-space()]">
        <xsl:apply-templates select="tei:fileDesc/tei:sourceDesc//tei:title[normalize-space()][1]" mode="plain"/>
      </xsl:when>
      <xsl:when test="../tei:text/tei:front//tei:docTitle[normalize-space()]">
        <xsl:apply-templates select="../tei:text/tei:front//tei:docTitle[normalize-space()][1]" mode="plain"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$T/@x:t-untitled"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:teiHeader" mode="title-text">
    <xsl:variable name="t"><xsl:apply-templates select="." mode="main-title"/></xsl:variable>
    <xsl:value-of select="normalize-space($t)"/>
    <xsl:if test="normalize-space($t) = ''"><xsl:value-of select="$T/@x:t-untitled"/></xsl:if>
  </xsl:template>

  <!-- "yes" where the text's first title page prints the header's title: the title block is then
       that title page, printed once (its title the heading), and the text leaves it out. -->
  <xsl:template match="tei:TEI" mode="title-printed">
    <xsl:variable name="page" select="tei:text/tei:front/tei:titlePage[1]/tei:docTitle[1]"/>
    <xsl:variable name="printed"
        select="normalize-space(($page/tei:titlePart[@type = 'main'] | $page[not(tei:titlePart[@type = 'main'])])[1])"/>
    <xsl:variable name="header"><xsl:apply-templates select="tei:teiHeader" mode="main-title"/></xsl:variable>
    <xsl:if test="$printed != '' and translate($printed, $upper, $lower) = translate(normalize-space($header), $upper, $lower)">yes</xsl:if>
  </xsl:template>

  <xsl:template match="tei:titlePage" mode="title-block">
    <xsl:param name="level"/>
    <xsl:for-each select="*">
      <xsl:choose>
        <xsl:when test="self::tei:docTitle and not(preceding-sibling::tei:docTitle)">
          <xsl:element name="h{$level}">
            <xsl:attribute name="class">title</xsl:attribute>
            <xsl:for-each select="tei:titlePart">
              <xsl:if test="position() &gt; 1"><br/></xsl:if>
              <span class="titlePart"><xsl:apply-templates/></span>
            </xsl:for-each>
          </xsl:element>
        </xsl:when>
        <xsl:otherwise><xsl:apply-templates select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:front/tei:titlePage[1]">
    <xsl:variable name="printed"><xsl:apply-templates select="ancestor::tei:TEI[1]" mode="title-printed"/></xsl:variable>
    <xsl:if test="$printed != 'yes'">
      <div><xsl:call-template name="attrs"><xsl:with-param name="class" select="local-name()"/></xsl:call-template><xsl:apply-templates/></div>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:teiHeader" mode="title-block">
    <xsl:param name="level"/>
    <xsl:variable name="printed"><xsl:apply-templates select="parent::tei:TEI" mode="title-printed"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$printed = 'yes'">
        <xsl:apply-templates select="../tei:text/tei:front/tei:titlePage[1]" mode="title-block">
          <xsl:with-param name="level" select="$level"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="." mode="header-title-block"><xsl:with-param name="level" select="$level"/></xsl:apply-templates></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:teiHeader" mode="header-title-block">
    <xsl:param name="level"/>
    <xsl:variable name="ts" select="tei:fileDesc/tei:titleStmt"/>
    <xsl:element name="h{$level}">
      <xsl:attribute name="class">title</xsl:attribute>
      <xsl:apply-templates select="." mode="title-text"/>
    </xsl:element>
    <xsl:for-each select="$ts/tei:title[@type = 'sub' or @type = 'subtitle'][normalize-space()]">
      <p class="subtitle"><xsl:apply-templates mode="plain"/></p>
    </xsl:for-each>
    <xsl:variable name="authors" select="$ts/tei:author[normalize-space()]"/>
    <xsl:variable name="source-authors" select="tei:fileDesc/tei:sourceDesc/tei:bibl/tei:author[normalize-space()]
        | tei:fileDesc/tei:sourceDesc/tei:biblStruct//tei:author[normalize-space()]"/>
    <xsl:choose>
      <xsl:when test="$authors">
        <p class="byline"><xsl:call-template name="names"><xsl:with-param name="names" select="$authors"/></xsl:call-template></p>
      </xsl:when>
      <xsl:when test="$source-authors">
        <p class="byline"><xsl:call-template name="names"><xsl:with-param name="names" select="$source-authors"/></xsl:call-template></p>
      </xsl:when>
    </xsl:choose>
    <xsl:if test="$ts/tei:editor[normalize-space()]">
      <p class="editors"><xsl:value-of select="$T/@x:t-edited-by"/><xsl:text> </xsl:text><xsl:call-template name="names"><xsl:with-param name="names" select="$ts/tei:editor[normalize-space()]"/></xsl:call-template></p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="names">
    <xsl:param name="names"/>
    <xsl:for-each select="$names">
      <xsl:if test="position() &gt; 1">
        <xsl:choose>
          <xsl:when test="position() = last()"><xsl:text> </xsl:text><xsl:value-of select="$T/@x:t-and"/><xsl:text> </xsl:text></xsl:when>
          <xsl:otherwise>, </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <span class="name"><xsl:value-of select="normalize-space(@x:name | self::*[not(@x:name)])"/></span>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:teiHeader" mode="about">
    <xsl:param name="level"/>
    <xsl:variable name="fd" select="tei:fileDesc"/>
    <xsl:variable name="id" select="concat('about-', generate-id())"/>
    <section class="about" aria-labelledby="{$id}">
      <xsl:element name="h{$level}"><xsl:attribute name="id"><xsl:value-of select="$id"/></xsl:attribute><xsl:value-of select="$T/@x:t-about"/></xsl:element>
      <dl>
        <xsl:for-each select="$fd/tei:titleStmt/tei:respStmt[normalize-space()] | $fd/tei:titleStmt/tei:sponsor[normalize-space()]
            | $fd/tei:titleStmt/tei:funder[normalize-space()] | $fd/tei:titleStmt/tei:principal[normalize-space()]">
          <dt>
            <xsl:choose>
              <xsl:when test="tei:resp"><xsl:value-of select="normalize-space(tei:resp[1])"/></xsl:when>
              <xsl:when test="self::tei:sponsor"><xsl:value-of select="$T/@x:t-sponsor"/></xsl:when>
              <xsl:when test="self::tei:funder"><xsl:value-of select="$T/@x:t-funder"/></xsl:when>
              <xsl:when test="self::tei:principal"><xsl:value-of select="$T/@x:t-principal"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$T/@x:t-responsibility"/></xsl:otherwise>
            </xsl:choose>
          </dt>
          <dd><xsl:for-each select="*[not(self::tei:resp)] | text()[normalize-space()]">
            <xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="normalize-space(.)"/></xsl:for-each></dd>
        </xsl:for-each>
        <xsl:for-each select="$fd/tei:editionStmt[normalize-space()]">
          <dt><xsl:value-of select="$T/@x:t-edition"/></dt><dd><xsl:apply-templates select="." mode="plain"/></dd>
        </xsl:for-each>
        <xsl:variable name="ps" select="$fd/tei:publicationStmt"/>
        <xsl:for-each select="$ps/tei:publisher[normalize-space()] | $ps/tei:distributor[normalize-space()] | $ps/tei:authority[normalize-space()]">
          <dt>
            <xsl:choose>
              <xsl:when test="self::tei:distributor"><xsl:value-of select="$T/@x:t-distributor"/></xsl:when>
              <xsl:when test="self::tei:authority"><xsl:value-of select="$T/@x:t-released-by"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$T/@x:t-publisher"/></xsl:otherwise>
            </xsl:choose>
          </dt>
          <dd><xsl:apply-templates select="." mode="plain"/>
            <xsl:if test="following-sibling::*[1][self::tei:pubPlace]">, <xsl:value-of select="normalize-space(following-sibling::tei:pubPlace[1])"/></xsl:if></dd>
        </xsl:for-each>
        <xsl:for-each select="$ps/tei:date[normalize-space() or @when][1]">
          <dt><xsl:value-of select="$T/@x:t-date"/></dt><dd><xsl:value-of select="normalize-space(.)"/><xsl:if test="not(normalize-space())"><xsl:value-of select="@when"/></xsl:if></dd>
        </xsl:for-each>
        <xsl:for-each select="$ps/tei:availability[normalize-space() or tei:licence/@target]">
          <dt><xsl:value-of select="$T/@x:t-licence"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="tei:licence">
                <xsl:for-each select="tei:licence">
                  <xsl:if test="position() &gt; 1"><xsl:text>; </xsl:text></xsl:if>
                  <xsl:choose>
                    <xsl:when test="@x:href"><a href="{@x:href}"><xsl:value-of select="normalize-space(.)"/><xsl:if test="not(normalize-space())"><xsl:value-of select="@target"/></xsl:if></a></xsl:when>
                    <xsl:otherwise><xsl:apply-templates select="." mode="plain"/></xsl:otherwise>
                  </xsl:choose>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise><xsl:apply-templates select="." mode="plain"/></xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:for-each>
        <xsl:for-each select="$ps/tei:p[normalize-space()][not(contains(., 'teitools placeholder'))]">
          <dt><xsl:value-of select="$T/@x:t-publication"/></dt><dd><xsl:apply-templates select="." mode="plain"/></dd>
        </xsl:for-each>
        <xsl:for-each select="$ps/tei:idno[normalize-space()]">
          <dt><xsl:value-of select="$T/@x:t-identifier"/><xsl:if test="@type"> (<xsl:value-of select="@type"/>)</xsl:if></dt><dd><xsl:value-of select="normalize-space(.)"/></dd>
        </xsl:for-each>
        <xsl:for-each select="$fd/tei:seriesStmt[normalize-space()]">
          <dt><xsl:value-of select="$T/@x:t-series"/></dt><dd><xsl:apply-templates select="." mode="plain"/></dd>
        </xsl:for-each>
        <xsl:for-each select="$fd/tei:sourceDesc/*[self::tei:bibl or self::tei:biblStruct or self::tei:biblFull or self::tei:p or self::tei:msDesc or self::tei:recordingStmt][normalize-space()][position() &lt;= 3]">
          <dt><xsl:value-of select="$T/@x:t-source"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="self::tei:msDesc"><xsl:apply-templates select="tei:msIdentifier" mode="plain"/></xsl:when>
              <xsl:when test="self::tei:biblFull"><xsl:apply-templates select="tei:titleStmt" mode="plain"/></xsl:when>
              <xsl:otherwise><xsl:apply-templates select="." mode="plain"/></xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:for-each>
        <xsl:for-each select="../tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language[normalize-space()][1]">
          <dt><xsl:value-of select="$T/@x:t-language"/></dt><dd><xsl:for-each select="../tei:language[normalize-space()]"><xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="normalize-space(.)"/></xsl:for-each></dd>
        </xsl:for-each>
      </dl>
    </section>
  </xsl:template>

  <!-- Plain mode: the words of header elements and of headings in the contents, with white
       space kept between them; no ids, no notes, no page breaks, no links. -->
  <xsl:template match="*" mode="plain"><xsl:apply-templates mode="plain"/></xsl:template>
  <xsl:template match="tei:note | tei:pb | tei:fw | tei:index | tei:figDesc | tei:interpGrp | tei:sic[parent::tei:choice]
      | tei:orig[parent::tei:choice] | tei:abbr[parent::tei:choice] | tei:rdg | tei:del | tei:am[ancestor::tei:expan]" mode="plain"/>
  <xsl:template match="tei:lb" mode="plain"><xsl:if test="not(@break = 'no')"><xsl:text> </xsl:text></xsl:if></xsl:template>
  <xsl:template match="tei:choice" mode="plain">
    <xsl:apply-templates select="(tei:corr | tei:reg | tei:expan | tei:seg)[1]" mode="plain"/>
  </xsl:template>
  <xsl:template match="tei:p | tei:item | tei:bibl | tei:author | tei:title | tei:edition | tei:respStmt" mode="plain">
    <xsl:if test="preceding-sibling::*"><xsl:text> </xsl:text></xsl:if>
    <xsl:apply-templates mode="plain"/>
  </xsl:template>
  <xsl:template match="text()" mode="plain"><xsl:value-of select="."/></xsl:template>

  <!-- ===== Table of contents ===== -->

  <xsl:template name="toc">
    <xsl:variable name="entries" select="(tei:text | tei:TEI/tei:text)//*[@x:toc = '1']"/>
    <xsl:if test="count($entries) + count(tei:TEI) &gt; 1">
      <nav class="toc" role="doc-toc" aria-labelledby="toc-title">
        <h2 id="toc-title"><xsl:value-of select="$T/@x:t-contents"/></h2>
        <ol>
          <xsl:choose>
            <xsl:when test="self::tei:teiCorpus">
              <xsl:for-each select="tei:TEI">
                <li>
                  <a href="#part-{count(preceding::tei:TEI) + 1}"><xsl:apply-templates select="tei:teiHeader" mode="title-text"/></a>
                  <xsl:if test="tei:text//*[@x:toc = '1']">
                    <ol><xsl:apply-templates select="tei:text//*[@x:toc = '1']" mode="toc"/></ol>
                  </xsl:if>
                </li>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise><xsl:apply-templates select="$entries" mode="toc"/></xsl:otherwise>
          </xsl:choose>
        </ol>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template match="*" mode="toc">
    <li>
      <a href="#{@x:id}"><xsl:call-template name="division-title"/></a>
      <xsl:variable name="inner" select=".//*[@x:toc = '2']"/>
      <xsl:if test="$inner">
        <ol><xsl:for-each select="$inner"><li><a href="#{@x:id}"><xsl:call-template name="division-title"/></a></li></xsl:for-each></ol>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template name="division-title">
    <xsl:variable name="t">
      <xsl:choose>
        <xsl:when test="tei:head"><xsl:apply-templates select="tei:head[1]" mode="plain"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="@x:label"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:value-of select="normalize-space($t)"/>
  </xsl:template>

  <!-- ===== Shared attributes: id, class (from @rend/@rendition), lang, dir ===== -->

  <xsl:template name="attrs">
    <xsl:param name="class" select="''"/>
    <xsl:if test="@x:id"><xsl:attribute name="id"><xsl:value-of select="@x:id"/></xsl:attribute></xsl:if>
    <xsl:variable name="c" select="normalize-space(concat($class, ' ', @x:class))"/>
    <xsl:if test="$c != ''"><xsl:attribute name="class"><xsl:value-of select="$c"/></xsl:attribute></xsl:if>
    <xsl:if test="@x:lang"><xsl:attribute name="lang"><xsl:value-of select="@x:lang"/></xsl:attribute></xsl:if>
    <xsl:if test="@x:dir"><xsl:attribute name="dir"><xsl:value-of select="@x:dir"/></xsl:attribute></xsl:if>
  </xsl:template>

  <!-- ===== Structure ===== -->

  <xsl:template match="tei:text">
    <div><xsl:call-template name="attrs"><xsl:with-param name="class" select="'text'"/></xsl:call-template><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:front | tei:body | tei:back | tei:group">
    <div>
      <xsl:call-template name="attrs"><xsl:with-param name="class" select="local-name()"/></xsl:call-template>
      <xsl:apply-templates/>
      <xsl:if test="@x:notes"><xsl:call-template name="notes"/></xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <section>
      <xsl:call-template name="attrs">
        <xsl:with-param name="class" select="normalize-space(concat('div ', translate(@type, '#', ''), substring(' untitled', 1, 9 * number(not(@x:headed)))))"/>
      </xsl:call-template>
      <xsl:if test="@x:label and not(tei:head)">
        <xsl:element name="h{@x:level}"><xsl:attribute name="class">supplied</xsl:attribute><xsl:value-of select="@x:label"/></xsl:element>
      </xsl:if>
      <xsl:apply-templates/>
      <xsl:if test="@x:notes"><xsl:call-template name="notes"/></xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="tei:head">
    <xsl:choose>
      <xsl:when test="../@x:level and not(preceding-sibling::tei:head)">
        <xsl:element name="h{../@x:level}"><xsl:call-template name="attrs"/><xsl:apply-templates/></xsl:element>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:call-template name="attrs"><xsl:with-param name="class" select="'head'"/></xsl:call-template><xsl:apply-templates/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab | tei:titlePart | tei:byline | tei:docImprint | tei:docEdition | tei:imprimatur
      | tei:dateline | tei:salute | tei:signed | tei:trailer | tei:speaker | tei:argument/tei:p | tei:docDate[not(parent::tei:docImprint)]
      | tei:stage[parent::tei:div or parent::tei:sp or parent::tei:body or parent::tei:lg or parent::tei:back or parent::tei:front]">
    <p><xsl:call-template name="attrs"><xsl:with-param name="class"><xsl:if test="not(self::tei:p)"><xsl:value-of select="local-name()"/></xsl:if></xsl:with-param></xsl:call-template><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:titlePage | tei:docTitle | tei:opener | tei:closer | tei:epigraph | tei:argument | tei:postscript
      | tei:sp | tei:floatingText | tei:castList | tei:castGroup | tei:listPerson | tei:listPlace | tei:listOrg | tei:listEvent
      | tei:person | tei:place | tei:org | tei:event | tei:spGrp | tei:div/tei:bibl | tei:body/tei:bibl">
    <div><xsl:call-template name="attrs"><xsl:with-param name="class" select="local-name()"/></xsl:call-template><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:lg">
    <div><xsl:call-template name="attrs"><xsl:with-param name="class" select="'lg'"/></xsl:call-template><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:l">
    <div><xsl:call-template name="attrs"><xsl:with-param name="class" select="'l'"/></xsl:call-template><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:quote[tei:p | tei:lg | tei:l | tei:list | tei:table | tei:sp | tei:quote/tei:p]
      | tei:quote[parent::tei:div or parent::tei:body or parent::tei:back or parent::tei:front or parent::tei:sp or parent::tei:note or parent::tei:cit[parent::tei:div or parent::tei:body]]">
    <blockquote><xsl:call-template name="attrs"/><xsl:apply-templates/></blockquote>
  </xsl:template>
  <xsl:template match="tei:cit[parent::tei:div or parent::tei:body or parent::tei:back or parent::tei:front or tei:quote/tei:p or tei:quote/tei:lg]">
    <div><xsl:call-template name="attrs"><xsl:with-param name="class" select="'cit'"/></xsl:call-template><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:cit/tei:bibl[../parent::tei:div or ../parent::tei:body or ../tei:quote/tei:p or ../tei:quote/tei:lg]">
    <p><xsl:call-template name="attrs"><xsl:with-param name="class" select="'source'"/></xsl:call-template><xsl:apply-templates/></p>
  </xsl:template>

  <!-- Lists: numbered as ol, labelled or glossary lists as dl, others ul; a head before. -->
  <xsl:template match="tei:list">
    <xsl:apply-templates select="tei:head"/>
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="tei:label or @type = 'gloss'">dl</xsl:when>
        <xsl:when test="@type = 'ordered' or @type = 'numbered' or contains(@rend, 'numbered') or contains(@rend, 'ordered')">ol</xsl:when>
        <xsl:otherwise>ul</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$kind}">
      <xsl:call-template name="attrs"><xsl:with-param name="class" select="normalize-space(concat('list ', @type))"/></xsl:call-template>
      <xsl:apply-templates select="node()[not(self::tei:head)]"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:list/tei:head | tei:lg/tei:head | tei:listBibl/tei:head | tei:castList/tei:head | tei:sp/tei:head | tei:spGrp/tei:head">
    <p><xsl:call-template name="attrs"><xsl:with-param name="class" select="'head'"/></xsl:call-template><xsl:apply-templates/></p>
  </xsl:template>
  <xsl:template match="tei:item">
    <xsl:choose>
      <xsl:when test="../tei:label or ../@type = 'gloss'">
        <dd><xsl:call-template name="attrs"/><xsl:apply-templates/></dd>
      </xsl:when>
      <xsl:otherwise><li><xsl:call-template name="attrs"/><xsl:apply-templates/></li></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="tei:list/tei:label">
    <dt><xsl:call-template name="attrs"/><xsl:apply-templates/></dt>
  </xsl:template>
  <xsl:template match="tei:castItem">
    <li><xsl:call-template name="attrs"/><xsl:apply-templates/></li>
  </xsl:template>
  <xsl:template match="tei:castList | tei:castGroup">
    <xsl:apply-templates select="tei:head"/>
    <ul><xsl:call-template name="attrs"><xsl:with-param name="class" select="local-name()"/></xsl:call-template><xsl:apply-templates select="node()[not(self::tei:head)]"/></ul>
  </xsl:template>
  <xsl:template match="tei:castGroup[parent::tei:castList or parent::tei:castGroup]">
    <li><xsl:apply-templates select="tei:head"/><ul><xsl:apply-templates select="node()[not(self::tei:head)]"/></ul></li>
  </xsl:template>

  <xsl:template match="tei:listBibl">
    <xsl:apply-templates select="tei:head"/>
    <ul><xsl:call-template name="attrs"><xsl:with-param name="class" select="'listBibl'"/></xsl:call-template><xsl:apply-templates select="node()[not(self::tei:head)]"/></ul>
  </xsl:template>
  <xsl:template match="tei:listBibl/tei:bibl | tei:listBibl/tei:biblStruct | tei:listBibl/tei:biblFull | tei:listBibl/tei:msDesc">
    <li><xsl:call-template name="attrs"><xsl:with-param name="class" select="'bibl'"/></xsl:call-template><xsl:apply-templates/></li>
  </xsl:template>
  <xsl:template match="tei:biblStruct/* | tei:analytic/* | tei:monogr/* | tei:imprint/*">
    <xsl:if test="preceding-sibling::*"><xsl:text> </xsl:text></xsl:if>
    <span><xsl:call-template name="attrs"><xsl:with-param name="class" select="concat('tei-', local-name())"/></xsl:call-template><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Tables: head as caption, rows and cells, label rows and cells as th. -->
  <xsl:template match="tei:table">
    <table>
      <xsl:call-template name="attrs"/>
      <xsl:if test="tei:head">
        <caption><xsl:for-each select="tei:head"><xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if><xsl:apply-templates/></xsl:for-each></caption>
      </xsl:if>
      <xsl:apply-templates select="node()[not(self::tei:head)]"/>
    </table>
  </xsl:template>
  <xsl:template match="tei:row">
    <tr><xsl:call-template name="attrs"/><xsl:apply-templates/></tr>
  </xsl:template>
  <xsl:template match="tei:cell">
    <xsl:element name="{substring('tdth', 1 + 2 * number(@role = 'label' or ../@role = 'label'), 2)}">
      <xsl:call-template name="attrs"/>
      <xsl:if test="number(@cols) &gt; 1 and number(@cols) &lt; 1000"><xsl:attribute name="colspan"><xsl:value-of select="number(@cols)"/></xsl:attribute></xsl:if>
      <xsl:if test="number(@rows) &gt; 1 and number(@rows) &lt; 1000"><xsl:attribute name="rowspan"><xsl:value-of select="number(@rows)"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Figures: the images, the figure's own content, the heads as caption. -->
  <xsl:template match="tei:figure">
    <figure>
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates select="node()[not(self::tei:head)]"/>
      <xsl:if test="tei:head[normalize-space()]">
        <figcaption>
          <xsl:for-each select="tei:head"><xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if><xsl:apply-templates/></xsl:for-each>
        </figcaption>
      </xsl:if>
    </figure>
  </xsl:template>

  <xsl:template match="tei:graphic">
    <xsl:if test="@x:src">
      <xsl:variable name="alt">
        <xsl:choose>
          <xsl:when test="../tei:figDesc"><xsl:value-of select="normalize-space(../tei:figDesc)"/></xsl:when>
          <xsl:when test="tei:desc"><xsl:value-of select="normalize-space(tei:desc)"/></xsl:when>
          <xsl:otherwise><xsl:apply-templates select="../tei:head[1]" mode="plain"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <img src="{@x:src}" alt="{normalize-space($alt)}">
        <xsl:call-template name="attrs"/>
      </img>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:binaryObject">
    <!-- An image in base64 (of a length base64 can have: a cut one is no image). -->
    <xsl:if test="starts-with(@mimeType, 'image/') and not(contains(@mimeType, ' '))
        and string-length(translate(., ' &#9;&#10;&#13;', '')) mod 4 = 0 and not(@encoding and @encoding != 'base64')">
      <img src="data:{@mimeType};base64,{translate(., ' &#9;&#10;&#13;', '')}" alt="{normalize-space(../tei:figDesc)}"/>
    </xsl:if>
  </xsl:template>

  <!-- Source documents and facsimiles, shown when the TEI has no text. -->
  <xsl:template match="tei:sourceDoc | tei:facsimile">
    <div class="{local-name()}"><xsl:apply-templates/><xsl:if test="@x:notes"><xsl:call-template name="notes"/></xsl:if></div>
  </xsl:template>
  <xsl:template match="tei:surface | tei:surfaceGrp | tei:zone">
    <div><xsl:call-template name="attrs"><xsl:with-param name="class" select="local-name()"/></xsl:call-template><xsl:apply-templates/></div>
  </xsl:template>
  <xsl:template match="tei:line">
    <div><xsl:call-template name="attrs"><xsl:with-param name="class" select="'line'"/></xsl:call-template><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="eg:egXML">
    <pre><xsl:call-template name="attrs"><xsl:with-param name="class" select="'egXML'"/></xsl:call-template><code><xsl:value-of select="."/></code></pre>
  </xsl:template>
  <xsl:template match="tei:eg">
    <pre><xsl:call-template name="attrs"><xsl:with-param name="class" select="'eg'"/></xsl:call-template><code><xsl:value-of select="."/></code></pre>
  </xsl:template>

  <!-- ===== Pages and lines ===== -->

  <xsl:template match="tei:pb">
    <xsl:choose>
      <xsl:when test="@x:label and @x:supplied">
        <span id="{@x:id}" class="pb supplied" role="doc-pagebreak" aria-label="{$T/@x:t-page} {@x:label}" title="{$T/@x:t-page} {@x:label} ({$T/@x:t-page-supplied})">[<xsl:value-of select="@x:label"/>]</span>
      </xsl:when>
      <xsl:when test="@x:label">
        <span id="{@x:id}" class="pb" role="doc-pagebreak" aria-label="{$T/@x:t-page} {@x:label}" title="{$T/@x:t-page} {@x:label}"><xsl:value-of select="@x:label"/></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="pb unnumbered" role="doc-pagebreak" aria-label="{$T/@x:t-page-break}" title="{$T/@x:t-page-break}">‖</span>
      </xsl:otherwise>
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
          or ancestor::tei:salute or ancestor::tei:signed or ancestor::tei:trailer or ancestor::tei:docTitle
          or ancestor::tei:line or ancestor::tei:l or ancestor::tei:cell"><br/></xsl:when>
      <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Not part of the reading text: forme work, index entries, stand-off annotation. -->
  <xsl:template match="tei:fw | tei:index | tei:interpGrp | tei:interp | tei:spanGrp | tei:span | tei:linkGrp | tei:link
      | tei:join | tei:joinGrp | tei:alt | tei:altGrp | tei:timeline | tei:figDesc | tei:milestone | tei:gb
      | tei:teiHeader | tei:standOff | tei:graphic[parent::tei:surface and ../tei:zone/tei:line] | tei:facsimile/tei:surface/tei:zone[not(node())]"/>

  <xsl:template match="tei:anchor">
    <xsl:if test="@x:id"><span id="{@x:id}"/></xsl:if>
  </xsl:template>

  <!-- ===== Notes ===== -->

  <xsl:template match="tei:note[@x:label]">
    <xsl:choose>
      <xsl:when test="@x:empty">
        <sup class="noteref-wrap"><a class="noteref empty" id="{@x:ref}" href="#{@x:target}" role="doc-noteref" title="{$T/@x:t-no-note-text}"><xsl:value-of select="@x:label"/></a></sup>
      </xsl:when>
      <xsl:otherwise>
        <sup class="noteref-wrap"><a class="noteref" id="{@x:ref}" href="#{@x:id}" role="doc-noteref"><xsl:value-of select="@x:label"/></a></sup>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:note">
    <aside><xsl:call-template name="attrs"><xsl:with-param name="class" select="'note standalone'"/></xsl:call-template>
      <xsl:if test="@n"><span class="note-n"><xsl:value-of select="@n"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates/>
    </aside>
  </xsl:template>

  <xsl:template name="notes">
    <xsl:variable name="group" select="@x:id"/>
    <xsl:variable name="notes" select=".//tei:note[@x:group = $group][not(@x:empty)]"/>
    <section class="notes" aria-labelledby="{$group}-notes">
      <xsl:element name="h{@x:notes}"><xsl:attribute name="id"><xsl:value-of select="$group"/>-notes</xsl:attribute><xsl:value-of select="$T/@x:t-notes"/></xsl:element>
      <xsl:for-each select="$notes[@x:place = 'foot']">
        <aside id="{@x:id}" class="note" role="doc-footnote">
          <xsl:call-template name="note-body"/>
        </aside>
      </xsl:for-each>
      <xsl:if test="$notes[@x:place = 'end']">
        <ol class="notes">
          <xsl:for-each select="$notes[@x:place = 'end']">
            <li id="{@x:id}" class="note" role="doc-endnote"><xsl:call-template name="note-body"/></li>
          </xsl:for-each>
        </ol>
      </xsl:if>
      <xsl:if test="@x:missing">
        <p class="notes-absent" id="{@x:missing-id}">
          <xsl:choose>
            <xsl:when test="contains(@x:missing, ',') or contains(@x:missing, '–')"><xsl:value-of select="$T/@x:t-notes"/><xsl:text> </xsl:text><xsl:value-of select="@x:missing"/>: <xsl:value-of select="$T/@x:t-no-text-many"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$T/@x:t-note"/><xsl:text> </xsl:text><xsl:value-of select="@x:missing"/>: <xsl:value-of select="$T/@x:t-no-text-one"/></xsl:otherwise>
          </xsl:choose>.</p>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="note-body">
    <xsl:if test="@x:lang"><xsl:attribute name="lang"><xsl:value-of select="@x:lang"/></xsl:attribute></xsl:if>
    <xsl:if test="@x:dir"><xsl:attribute name="dir"><xsl:value-of select="@x:dir"/></xsl:attribute></xsl:if>
    <a class="note-n" href="#{@x:ref}" role="doc-backlink" title="{$T/@x:t-back}"><xsl:value-of select="@x:label"/></a>
    <xsl:text> </xsl:text>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- ===== Phrases ===== -->

  <xsl:template match="tei:choice">
    <xsl:variable name="shown" select="(tei:corr | tei:reg | tei:expan | tei:seg | tei:unclear)[1]"/>
    <xsl:variable name="other" select="(tei:sic | tei:orig | tei:abbr | tei:seg[2] | tei:unclear[2])[1]"/>
    <xsl:variable name="what">
      <xsl:choose>
        <xsl:when test="tei:sic"><xsl:value-of select="$T/@x:t-printed"/></xsl:when>
        <xsl:when test="tei:orig"><xsl:value-of select="$T/@x:t-original"/></xsl:when>
        <xsl:when test="tei:abbr"><xsl:value-of select="$T/@x:t-abbreviated"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$T/@x:t-or"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="alt"><xsl:apply-templates select="$other" mode="plain-alt"/></xsl:variable>
    <span class="choice" title="{$what}: {normalize-space($alt)}">
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates select="$shown/node()"/>
    </span>
  </xsl:template>
  <xsl:template match="*" mode="plain-alt"><xsl:apply-templates mode="plain-alt"/></xsl:template>
  <xsl:template match="tei:note | tei:pb | tei:fw | tei:index" mode="plain-alt"/>

  <xsl:template match="tei:app">
    <xsl:variable name="shown" select="(tei:lem | tei:rdg)[1]"/>
    <xsl:variable name="readings">
      <xsl:for-each select="tei:rdg[generate-id() != generate-id($shown)]">
        <xsl:if test="position() &gt; 1">; </xsl:if>
        <xsl:value-of select="normalize-space(.)"/>
        <xsl:if test="not(normalize-space())">(<xsl:value-of select="$T/@x:t-omitted"/>)</xsl:if>
        <xsl:if test="@wit"> (<xsl:value-of select="translate(normalize-space(@wit), '#', '')"/>)</xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <span class="app" title="{normalize-space(concat($T/@x:t-variants, ': ', $readings))}">
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates select="$shown/node()"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:am[ancestor::tei:expan]"/>

  <xsl:template match="tei:ref | tei:ptr">
    <xsl:choose>
      <xsl:when test="@x:href">
        <a href="{@x:href}"><xsl:call-template name="attrs"/>
          <xsl:choose>
            <xsl:when test="self::tei:ptr or not(node())"><xsl:value-of select="@x:text"/><xsl:if test="not(@x:text)"><xsl:value-of select="@target"/></xsl:if></xsl:when>
            <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
          </xsl:choose>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span><xsl:call-template name="attrs"><xsl:with-param name="class" select="local-name()"/></xsl:call-template>
          <xsl:apply-templates/><xsl:if test="self::tei:ptr"><xsl:value-of select="@x:text"/></xsl:if></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a highlight that says nothing of how it looks is italic; one whose look is none of the
       common kinds (a colour) is shown plain, never italic -->
  <xsl:template match="tei:hi[not(@x:class) and not(@rend | @rendition | @style)] | tei:emph">
    <em><xsl:call-template name="attrs"/><xsl:apply-templates/></em>
  </xsl:template>
  <xsl:template match="tei:foreign | tei:term | tei:mentioned">
    <i><xsl:call-template name="attrs"><xsl:with-param name="class" select="local-name()"/></xsl:call-template><xsl:apply-templates/></i>
  </xsl:template>
  <xsl:template match="tei:title">
    <cite><xsl:call-template name="attrs"/><xsl:apply-templates/></cite>
  </xsl:template>
  <xsl:template match="tei:code | tei:ident">
    <code><xsl:call-template name="attrs"/><xsl:apply-templates/></code>
  </xsl:template>
  <xsl:template match="tei:gi | tei:tag">
    <code><xsl:call-template name="attrs"/>&lt;<xsl:apply-templates/>&gt;</code>
  </xsl:template>
  <xsl:template match="tei:att">
    <code><xsl:call-template name="attrs"/>@<xsl:apply-templates/></code>
  </xsl:template>
  <xsl:template match="tei:val">
    <code><xsl:call-template name="attrs"/>"<xsl:apply-templates/>"</code>
  </xsl:template>
  <xsl:template match="tei:del">
    <del><xsl:call-template name="attrs"/><xsl:apply-templates/></del>
  </xsl:template>
  <xsl:template match="tei:add">
    <ins><xsl:call-template name="attrs"/><xsl:apply-templates/></ins>
  </xsl:template>
  <xsl:template match="tei:abbr">
    <abbr><xsl:call-template name="attrs"/><xsl:apply-templates/></abbr>
  </xsl:template>
  <xsl:template match="tei:gap">
    <span class="gap" title="{normalize-space(concat($T/@x:t-gap, ' ', @reason, ' ', @extent, ' ', @quantity, ' ', @unit))}">[<xsl:value-of select="normalize-space(tei:desc)"/><xsl:if test="not(normalize-space(tei:desc))">…</xsl:if>]</span>
  </xsl:template>
  <!-- The parts of a reference or an address that stand side by side with nothing between. -->
  <xsl:template match="tei:bibl/* | tei:msIdentifier/* | tei:address/* | tei:imprint/* | tei:dimensions/*" priority="-0.1">
    <xsl:if test="preceding-sibling::node()[1][self::*]"><xsl:text> </xsl:text></xsl:if>
    <span><xsl:call-template name="attrs"><xsl:with-param name="class" select="concat('tei-', local-name())"/></xsl:call-template><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:label | tei:eTree/* | tei:eLeaf/* | tei:forest/* | tei:tree/*" priority="-0.1">
    <xsl:if test="preceding-sibling::node()[1][self::*]"><xsl:text> </xsl:text></xsl:if>
    <span><xsl:call-template name="attrs"><xsl:with-param name="class" select="concat('tei-', local-name())"/></xsl:call-template><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:space"><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:unclear">
    <span title="{$T/@x:t-unclear}"><xsl:call-template name="attrs"><xsl:with-param name="class" select="'unclear'"/></xsl:call-template><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="tei:formula">
    <span><xsl:call-template name="attrs"><xsl:with-param name="class" select="'formula'"/></xsl:call-template><xsl:apply-templates/></span>
  </xsl:template>
  <!-- A displayed formula: a line of its own, apart from the words around it. -->
  <xsl:template match="tei:formula[@rend = 'display' or @rend = 'block']">
    <xsl:text> </xsl:text>
    <span><xsl:call-template name="attrs"><xsl:with-param name="class" select="'formula display'"/></xsl:call-template><xsl:apply-templates/></span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- Any other TEI element: its text, in a span named after it (a div when it holds blocks). -->
  <!-- a quotation or direct speech that prints no marks of its own: the language's marks -->
  <xsl:template match="tei:q[@x:quote] | tei:said[@x:quote]">
    <span><xsl:call-template name="attrs"><xsl:with-param name="class" select="concat('tei-', local-name())"/></xsl:call-template><xsl:value-of select="$T/@x:t-quote-open"/><xsl:apply-templates/><xsl:value-of select="$T/@x:t-quote-close"/></span>
  </xsl:template>
  <xsl:template match="tei:*">
    <span><xsl:call-template name="attrs"><xsl:with-param name="class" select="concat('tei-', local-name())"/></xsl:call-template><xsl:apply-templates/></span>
  </xsl:template>
  <!-- Elements of other vocabularies (MathML, SVG, a project's own): their text. -->
  <xsl:template match="*"><xsl:apply-templates/></xsl:template>

  <xsl:template match="comment() | processing-instruction()"/>
</xsl:stylesheet>
