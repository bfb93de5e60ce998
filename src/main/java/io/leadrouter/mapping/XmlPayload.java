package io.leadrouter.mapping;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an untrusted XML payload (a SOAP envelope, a vendor's XML post) into the nested maps that JsonPath
 * mappings read, so {@code $.Envelope.Body.notifications.OrganizationId} works like a JSON path.
 *
 * <p>Shape: the result is {@code {rootName: value}}; elements are keyed by local name (namespace prefixes
 * dropped); an element with neither attributes nor child elements is its text as a String; {@code xsi:nil="true"}
 * is null; otherwise it is a map of {@code @attribute} (local name) → value, child name → value and, when it also
 * holds non-blank text, {@code #text} → text. A name seen more than once under one parent becomes a List in
 * document order. A name that occurs once stays a single value — so a Salesforce Outbound Message with one
 * {@code Notification} has a map where one with two has a list; pass such names in {@code alwaysLists} (or write
 * mappings with {@code [*]}-tolerant paths) so a mapping sees one shape.
 *
 * <p>Hostile input: the JDK's own StAX parser is used (never whatever a jar registers); DTDs are not supported and
 * any DOCTYPE or non-predefined entity reference is refused, so external entities, XXE and billion-laughs expansions
 * cannot happen and nothing is read from the network or the file system. The JDK StAX factory rejects the SAX-only
 * {@code disallow-doctype-decl}, XInclude and secure-processing switches, hence the explicit refusal of the DTD
 * event; XInclude does not exist in StAX. Bounds: {@value #MAX_BYTES} bytes, depth {@value #MAX_DEPTH},
 * {@value #MAX_ELEMENTS} elements.
 */
public final class XmlPayload {

    public static final int MAX_BYTES = 16 * 1024 * 1024;
    public static final int MAX_DEPTH = 64;
    public static final int MAX_ELEMENTS = 100_000;

    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    private static final XMLInputFactory FACTORY = factory();

    private XmlPayload() {
    }

    /** The document as {@code {rootName: value}}; see the class comment for the shape. */
    public static Map<String, Object> parse(byte[] xml) throws PayloadException {
        return parse(xml, Set.of());
    }

    /** As {@link #parse(byte[])}, with the elements named (local names) in {@code alwaysLists} always a List. */
    public static Map<String, Object> parse(byte[] xml, Set<String> alwaysLists) throws PayloadException {
        if (xml == null || xml.length == 0) {
            throw new PayloadException("the body is empty; an XML document was expected");
        }
        if (xml.length > MAX_BYTES) {
            throw new PayloadException("the XML document is " + xml.length + " bytes; the limit is " + MAX_BYTES);
        }
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            return read(reader, Set.copyOf(alwaysLists));
        } catch (XMLStreamException e) {
            throw new PayloadException("not well-formed XML" + where(e.getLocation()) + ": " + parserMessage(e));
        } catch (RuntimeException e) {
            // The JDK parser reports some malformed input (bad bytes for the declared encoding) unchecked.
            throw new PayloadException("not readable XML: " + e.getClass().getSimpleName());
        } finally {
            close(reader);
        }
    }

    private static Map<String, Object> read(XMLStreamReader reader, Set<String> alwaysLists)
            throws XMLStreamException, PayloadException {
        Deque<Element> open = new ArrayDeque<>();
        Map<String, Object> document = null;
        int elements = 0;
        while (reader.hasNext()) {
            switch (reader.next()) {
                case XMLStreamConstants.DTD -> throw new PayloadException("XML with a DOCTYPE is not accepted" + where(reader.getLocation()));
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new PayloadException(
                        "XML entity reference &" + reader.getLocalName() + "; is not accepted" + where(reader.getLocation()));
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++elements > MAX_ELEMENTS) {
                        throw new PayloadException("the XML document has more than " + MAX_ELEMENTS + " elements");
                    }
                    if (open.size() >= MAX_DEPTH) {
                        throw new PayloadException("the XML document nests deeper than " + MAX_DEPTH + " elements" + where(reader.getLocation()));
                    }
                    open.push(Element.start(reader));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!open.isEmpty()) {
                        open.peek().text.append(reader.getText());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Element done = open.pop();
                    Object value = done.value();
                    if (open.isEmpty()) {
                        document = new LinkedHashMap<>();
                        document.put(done.name, alwaysLists.contains(done.name) ? listOf(value) : value);
                    } else {
                        open.peek().add(done.name, value, alwaysLists.contains(done.name));
                    }
                }
                default -> {
                    // comments, processing instructions, document start and end carry nothing a mapping reads
                }
            }
        }
        if (document == null) {
            throw new PayloadException("the XML document has no root element");
        }
        return document;
    }

    private static List<Object> listOf(Object value) {
        List<Object> list = new ArrayList<>();
        list.add(value);
        return list;
    }

    /** An element being read: its attributes and children so far, and its text. */
    private static final class Element {
        final String name;
        final Map<String, Object> members = new LinkedHashMap<>();
        final StringBuilder text = new StringBuilder();
        boolean nil;
        boolean hasChildren;

        private Element(String name) {
            this.name = name;
        }

        static Element start(XMLStreamReader reader) {
            Element element = new Element(reader.getLocalName());
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                String local = reader.getAttributeLocalName(i);
                String value = reader.getAttributeValue(i);
                if (XSI.equals(reader.getAttributeNamespace(i)) && "nil".equals(local)) {
                    element.nil = "true".equals(value.strip()) || "1".equals(value.strip());
                } else {
                    element.members.put("@" + local, value);
                }
            }
            return element;
        }

        @SuppressWarnings("unchecked")
        void add(String child, Object value, boolean alwaysList) {
            hasChildren = true;
            if (!members.containsKey(child)) {
                members.put(child, alwaysList ? listOf(value) : value);
            } else if (members.get(child) instanceof List<?> list) {
                ((List<Object>) list).add(value);
            } else {
                List<Object> list = listOf(members.get(child));
                list.add(value);
                members.put(child, list);
            }
        }

        Object value() {
            if (nil && members.isEmpty() && !hasChildren) {
                return null;
            }
            if (members.isEmpty()) {
                return text.toString();
            }
            String content = text.toString();
            if (!content.isBlank()) {
                members.put("#text", hasChildren ? content.strip() : content);
            }
            return members;
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external resources are not read");
        });
        return factory;
    }

    private static String where(Location location) {
        return location == null || location.getLineNumber() < 0 ? ""
                : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    }

    private static String parserMessage(XMLStreamException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int marker = message.indexOf("Message: ");
        return (marker < 0 ? message : message.substring(marker + "Message: ".length())).strip();
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing was opened that needs closing: the input is an in-memory array
            }
        }
    }
}
