import { createRoot } from "react-dom/client";
import { Button } from "@relay/ui";

createRoot(document.getElementById("root")!).render(<Button label="Send" />);
