import React from "react"
