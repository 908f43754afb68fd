<map version="0.9.0">
<node ID="ID_wsbyqyabzs" TEXT="Awkward &amp; &lt;odd&gt; &quot;map&quot;" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false">
<attribute NAME="mindmap:map.title" VALUE="Awkward &amp; &lt;odd&gt; &quot;map&quot;"/>
<attribute NAME="mindmap:map.authors" VALUE="[&quot;Tim&quot;,&quot;Paul Cole&quot;]"/>
<attribute NAME="mindmap:map.license" VALUE="CC BY 4.0"/>
<attribute NAME="mindmap:map.description" VALUE="A map with text that breaks naive writers: &amp; &lt; &gt; &quot; ' [ ] ( ) and more."/>
<attribute NAME="mindmap:map.created" VALUE="2026-01-02"/>
<attribute NAME="mindmap:kind" VALUE="root"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
<node ID="ID_32s0yk451h" TEXT="Public &amp; &lt;civic&gt; sector" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false" POSITION="right" COLOR="#0072B2">
<richcontent TYPE="NOTE"><html><head><meta name="generator" content="mindmap"/></head><body><p>Councils, police &amp; co.</p></body></html></richcontent>
<attribute NAME="mindmap:kind" VALUE="sector"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
<node ID="ID_tz5f0v4ezv" TEXT="&#24503;&#27604;&#22823;&#23398; University of Derby" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false" COLOR="#0072B2">
<attribute NAME="mindmap:kind" VALUE="organisation"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
<node ID="ID_znff73r71g" TEXT="Press office&#10;second line" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false" COLOR="#0072B2">
<attribute NAME="mindmap:kind" VALUE="organisation"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
<arrowlink DESTINATION="ID_32s0yk451h" ENDARROW="Default"/>
<node ID="ID_vscxvky7d8" TEXT="Twitter @DerbyUniPress" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false" COLOR="#0072B2" LINK="https://twitter.com/DerbyUniPress">
<attribute NAME="mindmap:kind" VALUE="channel"/>
<attribute NAME="mindmap:platform" VALUE="twitter"/>
<attribute NAME="mindmap:handle" VALUE="DerbyUniPress"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
</node>
</node>
</node>
<node ID="ID_b28666r3yx" TEXT="Long label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label ong label" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false" COLOR="#0072B2">
<attribute NAME="mindmap:kind" VALUE="topic"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
</node>
<node ID="ID_fm4f6912nt" TEXT="&#8203;=~ s///n and ==/eq" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false" COLOR="#0072B2">
<richcontent TYPE="NOTE"><html><head><meta name="generator" content="mindmap"/></head><body><p>&#8203;=starts with equals</p></body></html></richcontent>
<attribute NAME="mindmap:kind" VALUE="topic"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
</node>
</node>
<node ID="ID_ag2psk9fd3" TEXT="Arts [and] culture (Derby)" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false" POSITION="left" COLOR="#E69F00">
<attribute NAME="mindmap:kind" VALUE="sector"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
<node ID="ID_081zaa939f" TEXT="Derby QUAD &quot;cinema&quot; 'caf&#233;'" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false" COLOR="#E69F00" LINK="https://www.derbyquad.co.uk/?a=1&amp;b=2">
<richcontent TYPE="NOTE"><html><head><meta name="generator" content="mindmap"/></head><body><p>Line one</p><p>Line two with &lt;b&gt;tags&lt;/b&gt; &amp; ampersand</p></body></html></richcontent>
<attribute NAME="mindmap:kind" VALUE="organisation"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
<attribute NAME="city" VALUE="Derby"/>
<attribute NAME="since" VALUE="2008"/>
<attribute NAME="formula" VALUE="&#8203;=1+1"/>
<attribute NAME="mindmap:link:ID_tz5f0v4ezv" VALUE="partners"/>
<arrowlink DESTINATION="ID_tz5f0v4ezv" ENDARROW="Default"/>
<node ID="ID_6dfs3g3e1x" TEXT="Twitter @derbyquad" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false" COLOR="#E69F00" LINK="https://twitter.com/derbyquad">
<attribute NAME="mindmap:kind" VALUE="channel"/>
<attribute NAME="mindmap:platform" VALUE="twitter"/>
<attribute NAME="mindmap:handle" VALUE="derbyquad"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
</node>
<node ID="ID_m5cv0w2agv" TEXT="Facebook QUAD 🎬" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false" COLOR="#E69F00" LINK="https://www.facebook.com/derbyquad">
<attribute NAME="mindmap:kind" VALUE="channel"/>
<attribute NAME="mindmap:platform" VALUE="facebook"/>
<attribute NAME="mindmap:handle" VALUE="derbyquad"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
</node>
</node>
<node ID="ID_zaq9gr2q3x" TEXT="Mail us" CREATED="1767323045000" MODIFIED="1767323045000" FOLDED="false" COLOR="#E69F00" LINK="mailto:info@example.org">
<attribute NAME="mindmap:kind" VALUE="topic"/>
<attribute NAME="mindmap:added_by" VALUE="tester"/>
</node>
</node>
</node>
</map>
